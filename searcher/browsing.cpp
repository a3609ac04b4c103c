// SPDX-License-Identifier: MIT
/// @file browsing.cpp  Reading an index other than by search: a whole document, word
/// completion, and the index's counts.
#include "browsing.hpp"

#include <algorithm>
#include <unordered_set>

#include "hit_builder.hpp"
#include "passage_record.hpp"
#include "schema.hpp"

namespace tilde {
namespace {

// Index words looked at for one completion, however short the prefix.
constexpr size_t kMaxCompletionScan = 100000;

}  // namespace

std::optional<DocumentText> IndexBrowser::document(std::string_view doc, const QueryNode* root,
                                                   Language language) const {
    std::optional<Highlighter> highlighter;
    if (root != nullptr) {
        highlighter.emplace(make_highlighter(analyzer_, *root, language, {}));
    }
    const std::string key = document_key(std::string(doc));
    if (reader_.db().get_termfreq(key) == 0) {
        return std::nullopt;
    }
    std::unordered_set<Xapian::docid> hidden;
    for (const std::string& term : reader_.pending_terms()) {
        hidden.insert(reader_.db().postlist_begin(term), reader_.db().postlist_end(term));
    }
    DocumentText out;
    for (auto it = reader_.db().postlist_begin(key); it != reader_.db().postlist_end(key); ++it) {
        if (hidden.contains(*it)) {
            continue;
        }
        PassageRecord record =
            PassageRecord::parse(reader_.db().get_document(*it).get_value(kSlotRecord));
        PassageText passage;
        passage.passage = record.passage;
        passage.start = record.start;
        passage.end = record.end;
        passage.lang = std::move(record.lang);
        passage.text = std::move(record.text);
        if (highlighter) {
            const Language passage_language =
                parse_language(passage.lang).value_or(Language::Unknown);
            passage.highlights = find_matches(analyzer_.analyze(passage.text, Purpose::Highlight),
                                              passage_language, highlighter->matcher)
                                     .ranges;
        }
        if (const std::string value = reader_.db().get_document(*it).get_value(kSlotDocument);
            !value.empty()) {
            out.title = DocumentRecord::parse(value).title;
        }
        out.passages.push_back(std::move(passage));
    }
    std::sort(out.passages.begin(), out.passages.end(),
              [](const PassageText& a, const PassageText& b) { return a.passage < b.passage; });
    out.doc = std::string(doc);
    return out;
}

std::vector<std::string> IndexBrowser::complete(std::string_view prefix, size_t max_words) const {
    std::vector<Token> tokens = analyzer_.analyze(prefix, Purpose::Prefix);
    if (tokens.empty() || max_words == 0 || tokens.back().byte_end != prefix.size()) {
        return {};
    }
    const std::string& folded = tokens.back().folded;
    // Keep the most frequent words; a one-letter prefix on a big index matches a great
    // many, so stop looking after a bounded number.
    std::vector<std::pair<Xapian::doccount, std::string>> best;  // min-heap on frequency
    auto by_frequency = [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    size_t scanned = 0;
    for (auto it = reader_.db().allterms_begin(folded);
         it != reader_.db().allterms_end(folded) && scanned < kMaxCompletionScan; ++it, ++scanned) {
        best.emplace_back(it.get_termfreq(), *it);
        std::push_heap(best.begin(), best.end(), by_frequency);
        if (best.size() > max_words) {
            std::pop_heap(best.begin(), best.end(), by_frequency);
            best.pop_back();
        }
    }
    std::sort(best.begin(), best.end(), by_frequency);
    std::vector<std::string> words;
    for (const auto& [frequency, term] : best) {
        words.push_back(reader_.spelling_form(term));
    }
    return words;
}

IndexInfo IndexBrowser::info() const {
    IndexInfo info;
    reader_.describe(info);
    info.analyzer = reader_.db().get_metadata(std::string(kMetaAnalyzer));
    // Folded words are the unprefixed terms; the prefixed ones (capital letters, passage
    // keys among them: one per passage) sort together and are skipped in one step.
    for (auto it = reader_.db().allterms_begin(); it != reader_.db().allterms_end();) {
        const std::string term = *it;
        if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') {
            it.skip_to("[");  // the byte after 'Z'
            continue;
        }
        ++info.terms;
        ++it;
    }
    return info;
}

}  // namespace tilde
