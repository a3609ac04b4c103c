// SPDX-License-Identifier: MIT
/// @file searcher.hpp  Ranks the passages of a tilde index for a query.
#pragma once

#include <cstddef>
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
    std::string term;  ///< The query word as typed ("guaido", "guai*").
    /// Which index term matched: "stem", "word" (folded), "exact", "prefix", "title",
    /// "phrase", "synonym" (the word or another spelling of it), "translation" (the word or its
    /// translations: `form` lists them); or "language", the bonus of a passage in the query's
    /// language (then `term` is empty).
    std::string kind;
    std::string form;  ///< That term's text: "guaid", "guaido", "guaidó", "guai*".
    std::string lang;  ///< For a stem, the stemmer's language: "es", "en" or "es en" (both agree).
    std::string passage_words;  ///< The passage's words that matched `term`, as written there.
    double weight = 0.0;        ///< Its share of the score (BM25, scaled).
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
    std::string date;  ///< The document's date, "YYYY-MM-DD"; empty when it has none.
    std::string text;  ///< Whole passage text.
    std::vector<ByteRange> highlights;  ///< Matched words in `text`; empty when snippets are off.
    Snippet snippet;                    ///< Empty when snippets are off.
    /// Filled when SearchOptions::explain is set: each term's share of the score.
    std::vector<TermContribution> explanation;
    /// With SearchOptions::explain: the phrase/proximity bonus, the score the terms alone do
    /// not account for (score = sum of explanation weights + proximity).
    double proximity = 0.0;
};

/// Which stemmer(s) query words get: the one the query's words suggest (both when unsure), or
/// the one asked for.
enum class QueryLanguage : std::uint8_t { Auto, Spanish, English };

/// "auto", "es"/"spanish", "en"/"english" (any case); nullopt for anything else. The one
/// parser the programs, the prompt and the C API share.
[[nodiscard]] std::optional<QueryLanguage> parse_query_language(std::string_view name);
/// "auto", "es" or "en".
[[nodiscard]] std::string_view to_string(QueryLanguage language);

/// The order of results; undated passages come last in both date orders.
enum class SortOrder : std::uint8_t { Relevance, OldestFirst, NewestFirst };

/// "date,lang,source" -> {"date", "lang", "source"}: SearchOptions::facets from a comma list
/// (the names are checked by the search).
[[nodiscard]] std::vector<std::string> parse_facet_list(std::string_view list);

/// "relevance", "date" (oldest first) or "-date" (newest first); nullopt for anything else.
[[nodiscard]] std::optional<SortOrder> parse_sort_order(std::string_view name);
/// "relevance", "date" or "-date".
[[nodiscard]] std::string_view to_string(SortOrder order);

/// What to search for and how much to return.
struct SearchOptions {
    std::uint32_t limit = 10;                  ///< Results per page.
    std::uint32_t offset = 0;                  ///< Results to skip (for paging).
    QueryLanguage lang = QueryLanguage::Auto;  ///< Which stemmer(s) query words get.
    bool snippets = true;  ///< Build snippets and Hit::highlights (costs time per result).
    std::uint32_t snippet_bytes = 240;  ///< Target snippet length.
    bool explain = false;               ///< Fill Hit::explanation (costs a few lookups per result).
    SortOrder sort = SortOrder::Relevance;
    /// Also match the other spellings the synonym file lists (EE.UU. = US = United States).
    bool synonyms = true;
    /// Also match each word's translations in the other language (reunión: meeting), from
    /// Apertium's dictionary (apertium-eng-spa), ranked below the word as typed.
    bool translate = true;
    /// At most this many passages of one document (0: no limit), the best of each.
    std::uint32_t per_document = 0;
    /// Count every matching passage exactly (SearchResults::total), however many there are;
    /// otherwise counts past 100 may be estimates.
    bool exact_total = false;
    /// Count the matches by these properties (SearchResults::facets): "year", "month",
    /// "date" (both), "lang", "source". One more pass over every match; not over remote shards.
    std::vector<std::string> facets;
};

/// A query word (or fixed expression) and the translations it was also searched as: those
/// the index holds.
struct QueryTranslation {
    std::string words;                      ///< As typed: "reunión", "golpe de estado".
    std::string from;                       ///< Its language: "es" or "en".
    std::vector<std::string> translations;  ///< "meeting", "gathering".
};

/// Where one search's time went, stage by stage, in milliseconds (docs/architecture.md walks
/// the stages). Measured on every search: a few clock reads.
struct StageTimes {
    double parse = 0.0;   ///< The query into its tree.
    double plan = 0.0;    ///< The tree into each phase's queries.
    double phase1 = 0.0;  ///< Passages with every word (by stems: the best candidates).
    double phase2 = 0.0;  ///< With only some of the words: candidates, or only the count.
    /// Each phase's candidates scored by the whole query (and, in phase 1, the proximity of
    /// the words).
    double rerank = 0.0;
    double records = 0.0;    ///< The hits' passage and document records.
    double highlight = 0.0;  ///< Each hit's words matched and its snippet chosen.
    double explain = 0.0;    ///< Explanations (SearchOptions::explain).
    double suggest = 0.0;    ///< The spelling suggestion.
};

/// How many matching passages have one value of a facet ("2019", "es", a collection).
struct FacetCount {
    std::string value;
    std::uint64_t count = 0;
};

/// Matching passages counted by a property, over every match, not just the page shown.
struct Facet {
    std::string name;  ///< "year", "month", "lang" or "source"
    /// Years and months in time order; languages and sources, most passages first.
    std::vector<FacetCount> counts;
};

/// The answer to one search.
struct SearchResults {
    std::string query;  ///< The query as given.
    /// Matching passages: exact when `total_exact`, else an estimate from term statistics
    /// (every match is counted while the total can be a hundred or so).
    std::uint64_t total = 0;
    bool total_exact = true;
    std::optional<std::string> suggestion;  ///< Spelling suggestion, in the corpus's spelling.
    double took_ms = 0.0;                   ///< Wall time of the search.
    StageTimes stages;                      ///< Where that time went.
    /// No passage had the query's "phrases"; these results match their words anywhere.
    bool phrases_relaxed = false;
    /// The query's words that were also searched in the other language (SearchOptions::translate).
    std::vector<QueryTranslation> translations;
    /// Why these results may be incomplete: shards left out (OpenOptions::partial).
    std::vector<std::string> warnings;
    std::vector<Hit> hits;  ///< At most `limit` passages, best first.
    /// The facets asked for (SearchOptions::facets), in the order asked.
    std::vector<Facet> facets;
};

/// Counts describing an index.
struct IndexInfo {
    std::uint64_t passages = 0;
    std::uint64_t documents = 0;
    std::uint64_t terms = 0;          ///< Distinct words (folded).
    std::uint64_t size_bytes = 0;     ///< Space the index takes on disk.
    std::string analyzer;             ///< Analyzer version that built it, e.g. "es-en/1".
    std::uint32_t shards = 1;         ///< Databases searched as one (docs/scaling.md).
    std::uint32_t remote_shards = 0;  ///< Of those, served by xapian-tcpsrv (not in size_bytes).
    std::uint32_t unavailable_shards = 0;  ///< Left out (OpenOptions::partial).
};

/// How to open an index of several shards (a stub listing them, docs/scaling.md).
struct OpenOptions {
    /// A remote shard's connection and each of its replies must come within this time.
    std::uint32_t timeout_ms = 10000;
    /// Search the shards that can be reached and warn about the others (in
    /// SearchResults::warnings), instead of failing with ShardUnavailable.
    bool partial = false;
};

/// One stored passage of a document, with a query's matches marked.
struct PassageText {
    std::uint32_t passage = 0;  ///< Passage number within the document, from 1.
    std::uint32_t start = 0;    ///< Byte range in the document.
    std::uint32_t end = 0;
    std::string lang;  ///< Language the passage was analyzed as.
    std::string text;
    std::vector<ByteRange> highlights;  ///< Words matching the query, as byte ranges of `text`.
};

/// A whole document as the index holds it: its passages in order.
struct DocumentText {
    std::string doc;    ///< Document id.
    std::string title;  ///< Document title.
    std::vector<PassageText> passages;
};

/// Ranks passages of a tilde index.
///
/// Thread-safety: a Searcher is not thread-safe, not even its const methods (Xapian database
/// handles are not); give each thread its own Searcher. Opening one is cheap, and any number
/// may read the same index at once, also while a writer updates it.
class Searcher {
  public:
    /// Opens the index read-only: a folder, a single-file index (tilde-index --single-file), or
    /// a sharded index (a folder written by tilde-index --shards, or a stub file listing local
    /// and remote shards), whose shards are searched as one index: same scores.
    /// @throws IndexNotFound, IndexCorrupt, IndexVersionMismatch, ShardUnavailable
    explicit Searcher(const std::filesystem::path& index_dir, const OpenOptions& options = {});

    /// Opens a single-file index stored `offset` bytes into `file`: an index appended to
    /// another file, as a tool does that ships its index inside its own data file.
    /// @throws IndexNotFound, IndexCorrupt, IndexVersionMismatch
    static Searcher open_at(const std::filesystem::path& file, std::uint64_t offset);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    /// Runs `query` (docs/query-syntax.md: words, "phrases", AND/OR/NOT, +/-, (groups),
    /// NEAR/n, prefix*, =exact, title:/doc:/lang:/source:/date: fields).
    /// @throws QuerySyntaxError, UsageError for a bad option, IndexCorrupt, ShardUnavailable
    [[nodiscard]] SearchResults search(std::string_view query,
                                       const SearchOptions& options = {}) const;

    /// The passages of document `doc` (a Hit::doc), in order, with the words matching `query`
    /// marked as search() would mark them (nothing marked when `query` is empty).
    /// @returns std::nullopt when the index holds no document with that id.
    /// @throws QuerySyntaxError, UsageError for a bad option, IndexCorrupt
    [[nodiscard]] std::optional<DocumentText> document(std::string_view doc,
                                                       std::string_view query = {},
                                                       const SearchOptions& options = {}) const;

    /// Indexed words starting with `prefix` (folded, so "guai", "Guai" and "guaí" are the
    /// same), most frequent first, each in the spelling the corpus uses most ("Guaidó").
    /// At most `max_words`; empty when `prefix` holds no word characters.
    [[nodiscard]] std::vector<std::string> complete(std::string_view prefix,
                                                    std::size_t max_words = 50) const;

    /// Index counts. Counting words reads the index's word list (0.2 s for a million
    /// passages).
    [[nodiscard]] IndexInfo info() const;

  private:
    class Impl;
    explicit Searcher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace tilde
