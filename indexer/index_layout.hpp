// SPDX-License-Identifier: MIT
/// @file index_layout.hpp  The folder of a tilde index (or of one shard of a sharded one):
///
///     XAPIANDB      "auto gen-000007": the current generation (Xapian's stub format, so
///                   Xapian and its tools open the folder as the index)
///     gen-000007/   the index itself, a glass database; small runs update it in place
///     run/seg-N/    a large run's segments, written in parallel until the run merges them
///                   and the current generation into the next one
///     tilde.lock    held (flock) by the one writer, with its process id
///
/// A new generation is published by renaming a new stub over XAPIANDB: readers see the old
/// index or the new one, never a mixture.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tilde {

inline constexpr std::string_view kGenerationPrefix = "gen-";
inline constexpr std::string_view kRunFolder = "run";
inline constexpr std::string_view kLockFile = "tilde.lock";

/// What a path holds, as far as indexing is concerned.
enum class FolderKind {
    Missing,    ///< nothing there yet
    Empty,      ///< an empty folder
    Index,      ///< a tilde index folder of this layout (XAPIANDB naming a generation)
    Sharded,    ///< a folder of shards (XAPIANDB listing shard folders)
    OldLayout,  ///< a glass database in the folder itself: written by an older tilde
    Other,      ///< a file, or a folder of other things
};

[[nodiscard]] FolderKind classify_folder(const std::filesystem::path& path);

/// The generation folder XAPIANDB names in `dir`, if `dir` is an index of this layout.
[[nodiscard]] std::optional<std::filesystem::path> current_generation(
    const std::filesystem::path& dir);

/// True for stub text that names a generation ("auto gen-000007", nothing else).
[[nodiscard]] bool is_generation_stub(std::string_view stub_text);

/// The folder for the generation after the newest one in `dir` (not created).
[[nodiscard]] std::filesystem::path next_generation(const std::filesystem::path& dir);

/// Makes `generation` (a folder in `dir`) the current one: its files and `dir` synced, then
/// XAPIANDB replaced whole. @throws IoError
void publish_generation(const std::filesystem::path& dir, const std::filesystem::path& generation);

/// fsync()s every file under `path` and the folders holding them. @throws IoError
void sync_tree(const std::filesystem::path& path);

/// Bytes of the files under `path`.
[[nodiscard]] std::uint64_t tree_bytes(const std::filesystem::path& path);

/// The one writer's lock on an index: an exclusive flock on `file` (created if missing),
/// holding the writer's process id; released when the object dies or the process does.
class WriterLock {
  public:
    /// @throws IoError naming `index` and the holder's pid when another writer holds it
    WriterLock(const std::filesystem::path& file, const std::string& index);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace tilde
