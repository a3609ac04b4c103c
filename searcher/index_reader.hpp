// SPDX-License-Identifier: MIT
/// @file index_reader.hpp  The searcher's first stage: an open index and the one rule for
/// reading it while a writer works or a shard goes away.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

#include <xapian.h>

#include <tilde/errors.hpp>
#include <tilde/searcher.hpp>

#include "language.hpp"
#include "language_filter.hpp"
#include "read_retry.hpp"
#include "shard_stub.hpp"

namespace tilde {

/// An index opened for reading: a folder (following the generations a writer's merges
/// publish), a single-file index at an offset, or the shards of a stub searched as one
/// database. Every read goes through read(), which sees the latest commit and retries a
/// read that met a revision overwritten mid-way or a shard that stopped answering.
class IndexReader {
  public:
    /// A folder or a shard stub; throws IndexNotFound, IndexCorrupt, IndexVersionMismatch or
    /// ShardUnavailable.
    IndexReader(const std::filesystem::path& index_path, const OpenOptions& options);
    /// A single-file index `offset` bytes into `file`.
    IndexReader(const std::filesystem::path& file, std::uint64_t offset);

    /// Runs `read()` on the index as last committed. A revision overwritten mid-read is read
    /// again (a writer committing in a burst can do that a few times in a row, so with a
    /// little back-off); a shard that stops answering is named (ShardUnavailable), or with
    /// OpenOptions::partial left out and the read run on the others. `what` starts the
    /// message of what is thrown: "search in 'x.idx' failed".
    template <class Read>
    auto read(Read&& read, const std::string& what) const;

    /// The database read: the shards that are up, combined.
    [[nodiscard]] const Xapian::Database& db() const { return db_; }
    /// Changes whenever db() moves to another revision: caches of what was read are stale.
    [[nodiscard]] std::uint64_t revision() const { return revision_; }
    /// Databases searched as one (Xapian interleaves their docids).
    [[nodiscard]] Xapian::doccount subdatabases() const { return subdatabases_; }
    /// Some shard is served over the network.
    [[nodiscard]] bool remote() const { return remote_; }
    /// Docids are one local database's own (not interleaved, not remote).
    [[nodiscard]] bool by_docid() const { return by_docid_; }
    /// For messages: the folder, file (and offset) or stub.
    [[nodiscard]] const std::string& name() const { return path_; }

    /// Where the index's metadata is: the one database, or each shard that is up (Xapian
    /// does not combine metadata).
    [[nodiscard]] std::vector<const Xapian::Database*> metadata_sources() const;
    /// One warning per shard left out (OpenOptions::partial).
    [[nodiscard]] std::vector<std::string> warnings() const;
    /// The terms of passages written for files being read again, hidden until they replace
    /// the old ones (schema.hpp, kMetaPendingPrefix): usually none. Read once per revision.
    [[nodiscard]] const std::vector<std::string>& pending_terms() const;
    /// How the corpus writes a folded word, most often first (at most kMaxSpellingForms).
    [[nodiscard]] std::vector<std::string> spelling_forms(const std::string& folded) const;
    /// How the corpus most often writes a folded word; the word itself if never recorded.
    [[nodiscard]] std::string spelling_form(const std::string& folded) const;
    /// The passages in `language`, each weighing `weight` (0: a filter only). On local
    /// databases from a bitmap kept per revision (LanguageBitmaps), else from the term.
    [[nodiscard]] Xapian::Query in_language(Language language, double weight = 0) const;
    /// The same by language code as `lang:` takes it ("es", "en", "und").
    [[nodiscard]] Xapian::Query in_language(std::string_view code, double weight = 0) const;
    /// What IndexInfo says of storage: passages, documents, bytes and shards.
    void describe(IndexInfo& info) const;

    /// A damaged index, in one line that says how to find out more.
    /// Xapian's `error` during `what` as tilde's: IndexCorrupt (pointing at tilde-index --check)
    /// when it tells of damage, else a RuntimeError that does not blame the index (a query
    /// Xapian refuses is tilde's bug, not the user's index).
    [[noreturn]] void fail(const std::string& what, const Xapian::Error& error) const;

  private:
    struct Shard {
        ShardLocation location;
        Xapian::Database db;
        bool up = false;
        std::string reason;  // why it is down
        std::chrono::steady_clock::time_point tried;
    };

    // A generation stub as last seen: a writer replaces it by a rename (a new inode).
    struct StubStamp {
        ino_t inode = 0;
        std::int64_t modified_ns = -1;
        off_t size = -1;
        bool operator==(const StubStamp&) const = default;
    };

    // An index or shard folder, the generation it named when opened, and its stub then.
    struct KnownGeneration {
        std::filesystem::path folder;
        std::filesystem::path generation;
        StubStamp stamp;
    };

    static StubStamp stub_stamp(const std::filesystem::path& folder);
    template <class OpenDatabase>
    void open(OpenDatabase&& open_database);
    void open_shards(const ShardStub& stub);
    void connect(Shard& shard) const;
    void combine_shards() const;
    void reconnect_down_shards() const;
    void shard_failed(const Xapian::NetworkError& error, const std::string& what) const;
    [[nodiscard]] std::string unavailable_message(const Shard& shard) const;
    [[nodiscard]] ShardUnavailable down_error(const Shard& shard) const;
    void note_generation(const std::filesystem::path& folder) const;
    void follow_generations() const;
    // Brings db() to the latest revision of every part.
    void catch_up() const;
    void forget_revision() const;

    std::string path_;  // for messages
    std::filesystem::path location_;
    OpenOptions open_options_;
    std::uint64_t offset_ = 0;           // of an index embedded in a larger file
    mutable Xapian::Database db_;        // reopened to follow a writer's commits; all shards up
    std::string stub_file_;              // of a sharded index
    mutable std::vector<Shard> shards_;  // empty for an index of one database
    mutable bool remote_ = false;
    mutable bool by_docid_ = true;
    mutable Xapian::doccount subdatabases_ = 1;
    mutable std::vector<KnownGeneration> generations_;
    mutable std::uint64_t revision_ = 0;
    mutable std::uint64_t pending_revision_ = static_cast<std::uint64_t>(-1);
    mutable std::vector<std::string> pending_;
    // Shared with the queries' posting sources, which may outlive a search.
    std::shared_ptr<LanguageBitmaps> language_bitmaps_ = std::make_shared<LanguageBitmaps>();
};

/// Whether Xapian's error tells of a damaged or unreadable index (rather than of a query it
/// refuses or a feature it lacks).
[[nodiscard]] bool is_index_damage(const Xapian::Error& error);

/// Every shard must have been written by this format and analyzer, like one index; its
/// dictionaries are registered, to read the records they compressed.
void check_index_format(const Xapian::Database& db, const std::string& name);

template <class Read>
auto IndexReader::read(Read&& read, const std::string& what) const {
    ReadAttempts attempts;
    for (;;) {
        try {
            catch_up();
            return read();
        } catch (const Xapian::NetworkError& error) {
            shard_failed(error, what);  // throws, unless the read can go on without a shard
            if (!attempts.another()) {
                throw ShardUnavailable(what + ": " + error.get_description());
            }
        } catch (const Xapian::DatabaseModifiedError&) {
            attempts.after_modified(what);  // reopened by catch_up() at the next attempt
        } catch (const Xapian::Error& error) {
            fail(what, error);
        }
    }
}

}  // namespace tilde
