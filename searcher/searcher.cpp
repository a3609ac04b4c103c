// SPDX-License-Identifier: MIT
/// @file searcher.cpp  tilde::Searcher: search() runs the stages in turn (parse, plan, rank,
/// build hits, suggest), and hands documents, completion and counts to IndexBrowser; every
/// read goes through IndexReader.
#include <chrono>
#include <optional>

#include <xapian.h>

#include <tilde/errors.hpp>
#include <tilde/searcher.hpp>

#include "analyzer.hpp"
#include "browsing.hpp"
#include "document_records.hpp"
#include "facets.hpp"
#include "hit_builder.hpp"
#include "index_reader.hpp"
#include "query_combine.hpp"
#include "query_parser.hpp"
#include "query_plan.hpp"
#include "ranker.hpp"
#include "stage_clock.hpp"
#include "suggester.hpp"

namespace tilde {
namespace {

double elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

}  // namespace

class Searcher::Impl {
  public:
    Impl(const std::filesystem::path& index_path, const OpenOptions& options)
        : reader_(index_path, options) {}

    Impl(const std::filesystem::path& file, uint64_t offset) : reader_(file, offset) {}

    SearchResults search(std::string_view query, const SearchOptions& options) const {
        return reader_.read(
            [&] {
                SearchResults results = search_revision(query, options);
                results.warnings = reader_.warnings();
                return results;
            },
            "search in '" + reader_.name() + "' failed");
    }

    template <class Read>
    auto read_index(Read&& read, const std::string& what) const {
        return reader_.read(std::forward<Read>(read), what);
    }

    SearchResults search_revision(std::string_view query, const SearchOptions& options) const {
        auto start = std::chrono::steady_clock::now();
        StageClock clock;
        StageTimes times;
        const QueryNode root = parse_query_tree(query, analyzer_);
        clock.lap(times.parse);
        SearchResults results = search_tree(query, root, options, times);
        if (results.total == 0 && has_top_level_phrase(root)) {
            // No passage has the quoted words together: rather than nothing, the passages
            // with the words (a question quoting a title it half remembers).
            times = results.stages;
            results = search_tree(query, with_phrases_as_words(root), options, times);
            results.phrases_relaxed = true;
        }
        results.took_ms = elapsed_ms(start);
        return results;
    }

    // The stages after parsing; `times` so far (a second search adds to the first's).
    SearchResults search_tree(std::string_view query, const QueryNode& root,
                              const SearchOptions& options, const StageTimes& times) const {
        StageClock clock;
        SearchResults results;
        results.query = std::string(query);
        results.stages = times;
        Language language = query_language(options.lang, root);

        const QueryPlan plan =
            planner_.plan(query, root, options.synonyms, language, options.translate);
        clock.lap(results.stages.plan);
        const std::vector<std::string> facets = facet_names(options.facets);
        if (plan.matches_nothing) {
            for (const std::string& name : facets) {
                results.facets.push_back({name, {}});
            }
            return results;  // doc:, source: or title: name nothing in the index
        }
        try {
            const PageRequest request{options.offset, options.limit, options.sort,
                                      options.per_document, options.exact_total};
            const RankedPage page = ranker_.page(plan, request, results.stages);
            results.total = page.total;
            results.translations = plan.translations;
            results.total_exact = page.total_exact;
            StageClock highlighting;
            const Highlighter highlighter =
                make_highlighter(analyzer_, root, language, plan.synonyms);
            highlighting.lap(results.stages.highlight);
            for (const PageSlice& slice : page.slices) {
                hits_.collect(slice.ranking, slice.offset, slice.limit, plan.builder, highlighter,
                              options, results);
            }
            // Over every match of both phases, as `total` counts them; only when asked, as it is
            // one more pass over all of them.
            if (!facets.empty()) {
                results.facets = count_facets(
                    reader_,
                    combine(Xapian::Query::OP_OR, {plan.candidates.phase1, plan.candidates.phase2}),
                    facets);
            }
            // No passage has every word: a misspelled one, maybe. Not when their translations
            // found passages ("golpe de estado" is not "gold de estado": it found a coup).
            if (page.no_passage_has_every_word && !plan.words.empty() &&
                (plan.translations.empty() || results.total == 0)) {
                StageClock suggesting;
                results.suggestion = suggester_.suggest(query, plan.words, plan.builder.language());
                suggesting.lap(results.stages.suggest);
            }
        } catch (const Xapian::DatabaseModifiedError&) {
            throw;  // search() reopens and retries
        } catch (const Xapian::NetworkError&) {
            throw;  // search() finds the shard that failed
        } catch (const Xapian::Error& error) {
            reader_.fail("search in '" + reader_.name() + "' failed", error);
        }
        uint32_t rank = options.offset;
        for (Hit& hit : results.hits) {
            hit.rank = ++rank;
        }
        return results;
    }

  private:
    // The stemmer(s) query words get: the one asked for, or the one the query's words suggest.
    Language query_language(QueryLanguage requested, const QueryNode& root) const {
        switch (requested) {
            case QueryLanguage::Spanish:
                return Language::Spanish;
            case QueryLanguage::English:
                return Language::English;
            case QueryLanguage::Auto:
                break;
        }
        // Only words taken as stopwords are evidence: an acronym ("UN", "US") is a name, not
        // the stopword it spells, and "UN officials" must not be stemmed as Spanish.
        std::vector<Token> words = matchable_words(root);
        std::erase_if(words, [](const Token& word) { return !word.stopword; });
        return detect_language(words, /*min_evidence=*/1);
    }

  public:
    std::optional<DocumentText> document(std::string_view doc, std::string_view query,
                                         const SearchOptions& options) const {
        if (query.empty()) {
            return browser_.document(doc, nullptr, Language::Unknown);
        }
        const QueryNode root = parse_query_tree(query, analyzer_);
        return browser_.document(doc, &root, query_language(options.lang, root));
    }
    std::vector<std::string> complete(std::string_view prefix, size_t max_words) const {
        return browser_.complete(prefix, max_words);
    }
    IndexInfo info() const { return browser_.info(); }

  private:
    IndexReader reader_;
    Analyzer analyzer_;
    DocumentRecords documents_{reader_};
    Ranker ranker_{reader_, documents_};
    HitBuilder hits_{reader_, analyzer_, documents_, ranker_};
    QueryPlanner planner_{reader_, analyzer_};
    Suggester suggester_{reader_, analyzer_};
    IndexBrowser browser_{reader_, analyzer_};
};

Searcher::Searcher(const std::filesystem::path& index_dir, const OpenOptions& options)
    : impl_(std::make_unique<Impl>(index_dir, options)) {}
Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Searcher Searcher::open_at(const std::filesystem::path& file, std::uint64_t offset) {
    return Searcher(std::make_unique<Impl>(file, offset));
}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) const {
    if (options.limit == 0) {
        throw UsageError("limit must be at least 1");
    }
    return impl_->search(query, options);
}

std::optional<DocumentText> Searcher::document(std::string_view doc, std::string_view query,
                                               const SearchOptions& options) const {
    return impl_->read_index([&] { return impl_->document(doc, query, options); },
                             "cannot read document '" + std::string(doc) + "'");
}

std::vector<std::string> Searcher::complete(std::string_view prefix, size_t max_words) const {
    return impl_->read_index([&] { return impl_->complete(prefix, max_words); },
                             "cannot read index terms");
}

IndexInfo Searcher::info() const {
    return impl_->read_index([&] { return impl_->info(); }, "cannot read index");
}

}  // namespace tilde
