// SPDX-License-Identifier: MIT
/// @file hit_builder.cpp  Hits: document, highlights, snippet, explanation.
#include "hit_builder.hpp"

#include <algorithm>
#include <unordered_map>

#include "dates.hpp"
#include "schema.hpp"
#include "stage_clock.hpp"
#include "stopwords.hpp"

namespace tilde {

Highlighter make_highlighter(const Analyzer& analyzer, const QueryNode& root, Language language,
                             const std::vector<Synonyms>& synonyms) {
    Highlighter out{QueryMatcher(analyzer, language), {}};
    // A word typed twice is one group (the matcher keeps its first), standing for both places.
    std::unordered_map<std::string, int> group_of;
    for (const Token& token : matchable_words(root)) {
        const auto [known, added] =
            group_of.emplace(token.folded, static_cast<int>(out.spans.size()));
        if (added) {
            out.matcher.add_word(token, known->second);
            out.spans.emplace_back();
        }
        out.spans[static_cast<size_t>(known->second)].push_back(span_of(token));
    }
    // "US" in a passage matches "EE.UU." in the query: marked as that word.
    for (const Synonyms& unit : synonyms) {
        const int group = static_cast<int>(out.spans.size());
        out.spans.push_back({span_of(unit.first)});
        for (const std::vector<std::string>& alternative : unit.alternatives) {
            for (const std::string& word : alternative) {
                // "of" in "United States of America" is no sign of the United States.
                if (alternative.size() > 1 &&
                    (english_stopwords().contains(word) || spanish_stopwords().contains(word))) {
                    continue;
                }
                Token token;
                token.folded = word;
                out.matcher.add_word(token, group, unit.translated_to.value_or(language));
            }
        }
    }
    for (const Token& prefix : matchable_prefixes(root)) {
        out.matcher.add_prefix(prefix.folded, static_cast<int>(out.spans.size()));
        out.spans.push_back({span_of(prefix)});
    }
    return out;
}

void HitBuilder::collect(const Ranking& ranking, Xapian::doccount offset, Xapian::doccount limit,
                         const QueryBuilder& builder, const Highlighter& highlighter,
                         const SearchOptions& options, SearchResults& results) const {
    StageTimes& times = results.stages;
    StageClock clock;
    const size_t end = std::min<size_t>(ranking.passages.size(), size_t{offset} + limit);
    if (offset < end) {
        ranker_.read_documents_ahead(ranking.passages.begin() + offset,
                                     ranking.passages.begin() + static_cast<long>(end));
    }
    for (size_t at = offset; at < end; ++at) {
        const RankedPassage& ranked = ranking.passages[at];
        PassageRecord record = ranked.passage_record();
        Hit hit;
        hit.score = ranked.weight;
        const DocumentRecord& document = documents_.of(ranked.docid, record);
        hit.title = document.title;
        hit.doc = document.doc;
        hit.passage = record.passage;
        hit.start = record.start;
        hit.end = record.end;
        hit.lang = record.lang;
        hit.text = std::move(record.text);
        // From the document record, read already; a format-6 index has it in the slot only.
        hit.date =
            iso_date(document.date_key ? *document.date_key : ranked.document.get_value(kSlotDate));
        clock.lap(times.records);
        if (!options.snippets && !options.explain) {
            // Matching words means analyzing the passage: most of a search's time when
            // many results are asked for without anything to show.
            results.hits.push_back(std::move(hit));
            continue;
        }
        Language passage_language = parse_language(hit.lang).value_or(Language::Unknown);
        // One analysis serves both highlighting and snippet word boundaries.
        std::vector<Token> words = analyzer_.analyze(hit.text, Purpose::Highlight);
        PassageMatches matches = find_matches(words, passage_language, highlighter.matcher);
        hit.highlights = matches.ranges;
        if (options.snippets) {
            hit.snippet = make_snippet(hit.text, matches, words, options.snippet_bytes);
        }
        clock.lap(times.highlight);
        if (options.explain) {
            // The passage's own spelling of each query word ("guaido" matched "Guaidó"), in
            // passage order. Matches come from `words`, in order.
            std::vector<PassageWord> passage_words;
            size_t word = 0;
            for (size_t i = 0; i < matches.ranges.size(); ++i) {
                const ByteRange& range = matches.ranges[i];
                while (words[word].byte_begin != range.begin) {
                    ++word;
                }
                passage_words.push_back({&highlighter.spans[static_cast<size_t>(matches.groups[i])],
                                         words[word].folded,
                                         hit.text.substr(range.begin, range.end - range.begin)});
            }
            hit.explanation = explain(ranked.docid, ranked.document, builder.leaves, passage_words);
            const std::string query_language(language_code(builder.language()));
            if (builder.language() != Language::Unknown && hit.lang == query_language) {
                hit.explanation.push_back(
                    {"", "language", query_language, query_language, "", builder.language_bonus});
            }
            double terms = 0;
            for (const TermContribution& part : hit.explanation) {
                terms += part.weight;
            }
            hit.proximity = std::max(0.0, hit.score - terms);
            clock.lap(times.explain);
        }
        results.hits.push_back(std::move(hit));
    }
}

std::vector<TermContribution> HitBuilder::explain(
    Xapian::docid docid, const Xapian::Document& document, const std::vector<QueryLeaf>& leaves,
    const std::vector<PassageWord>& passage_words) const {
    std::vector<TermContribution> out;
    Xapian::Query only_this = ranker_.only_these({docid}, {document});
    for (const QueryLeaf& leaf : leaves) {
        Xapian::Query term = leaf.query.empty() ? Xapian::Query(leaf.term) : leaf.query;
        Xapian::Query scaled(Xapian::Query::OP_SCALE_WEIGHT, term, leaf.scale * kScoreScale);
        Xapian::Enquire enquire(reader_.db());
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, scaled, only_this));
        enquire.set_weighting_scheme(bm25());
        Xapian::MSet mset = enquire.get_mset(0, 1);
        if (!mset.empty() && mset.begin().get_weight() > 0) {
            // Every form the passage wrote the leaf's query words in, once each: the words
            // matched for the query bytes the leaf stands for, or that a prefix begins.
            auto within_leaf = [&](const ByteRange& span) {
                return span.begin >= leaf.span.begin && span.end <= leaf.span.end;
            };
            std::vector<std::string_view> forms;
            for (const PassageWord& passage_word : passage_words) {
                const bool ours =
                    leaf.kind == "prefix"
                        ? passage_word.folded.starts_with(leaf.term)
                        : leaf.span.end > leaf.span.begin &&
                              std::any_of(passage_word.query_spans->begin(),
                                          passage_word.query_spans->end(), within_leaf);
                if (ours &&
                    std::find(forms.begin(), forms.end(), passage_word.written) == forms.end()) {
                    forms.push_back(passage_word.written);
                }
            }
            std::string written;
            for (std::string_view form : forms) {
                if (!written.empty()) {
                    written += ' ';  // not " " + form: GCC 12 -O3 warns wrongly (-Wrestrict)
                }
                written += form;
            }
            out.push_back({leaf.word, leaf.kind, leaf.form, leaf.lang, std::move(written),
                           mset.begin().get_weight()});
        }
    }
    return out;
}

}  // namespace tilde
