// SPDX-License-Identifier: MIT
/// @file searcher.hpp  Ranks the passages of a tilde index for a query.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tilde {

/// A half-open byte range [begin, end) into some UTF-8 text.
struct ByteRange {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool operator==(const ByteRange&) const = default;
};

/// The best window of a passage for a query, with the matched words marked.
struct Snippet {
    std::string text;                   ///< Cut at word boundaries; "…" marks left-out text.
    std::vector<ByteRange> highlights;  ///< Matched words, as byte ranges of `text`.
};

/// Why a passage scored what it did: one entry per query term that matched it.
struct TermContribution {
    std::string term;     ///< The query word as typed (or the phrase).
    std::string matched;  ///< What matched: "stem:guaid", "word:guaido", "exact:guaidó", ...
    double weight = 0.0;  ///< Its share of the score (BM25, scaled).
};

/// One ranked passage.
struct Hit {
    std::uint32_t rank = 0;     ///< 1-based, counting from the first result of the search.
    double score = 0.0;         ///< Relevance score; higher is better.
    std::string doc;            ///< Document id (path or JSON id).
    std::string title;          ///< Document title.
    std::uint32_t passage = 0;  ///< Passage number within the document, from 1.
    std::uint32_t start = 0;    ///< Passage byte range in its document.
    std::uint32_t end = 0;
    std::string lang;  ///< Language the passage was analyzed as ("es", "en", "und").
    std::string text;  ///< Whole passage text.
    std::vector<ByteRange> highlights;  ///< Matched words, as byte ranges of `text`.
    Snippet snippet;                    ///< Empty when snippets are off.
    /// Filled when SearchOptions::explain is set; the remainder of the score (score minus the
    /// sum of these) is the phrase/proximity bonus.
    std::vector<TermContribution> explanation;
};

/// What to search for and how much to return.
struct SearchOptions {
    std::uint32_t limit = 10;           ///< Results per page.
    std::uint32_t offset = 0;           ///< Results to skip (for paging).
    std::string lang = "auto";          ///< "auto", "es" or "en": which stemmer(s) query words get.
    bool snippets = true;               ///< Build snippets (costs time per result).
    std::uint32_t snippet_bytes = 240;  ///< Target snippet length.
    bool explain = false;               ///< Fill Hit::explanation (costs a few lookups per result).
};

/// The answer to one search.
struct SearchResults {
    std::string query;                      ///< The query as given.
    std::uint64_t total = 0;                ///< Estimated number of matching passages.
    std::optional<std::string> suggestion;  ///< Spelling suggestion, in the corpus's spelling.
    double took_ms = 0.0;                   ///< Wall time of the search.
    std::vector<Hit> hits;                  ///< At most `limit` passages, best first.
};

/// Counts describing an index.
struct IndexInfo {
    std::uint64_t passages = 0;
    std::uint64_t documents = 0;
    std::uint64_t terms = 0;
    std::string analyzer;  ///< Analyzer version that built it, e.g. "es-en/1".
};

/// Ranks passages of a tilde index. Cheap to open; not thread-safe: use one Searcher per thread.
class Searcher {
  public:
    /// Opens the index read-only.
    /// @throws IndexNotFound, IndexCorrupt, IndexVersionMismatch
    explicit Searcher(const std::filesystem::path& index_dir);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    /// Runs `query` (syntax: words, "phrases", -excluded, prefix*).
    /// @throws QuerySyntaxError, UsageError for a bad option, IndexCorrupt
    [[nodiscard]] SearchResults search(std::string_view query,
                                       const SearchOptions& options = {}) const;

    /// Index counts.
    [[nodiscard]] IndexInfo info() const;

  private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tilde
