// SPDX-License-Identifier: MIT
/// @file query_translation.cpp  Query words through the dictionary, kept where the index can
/// match them.
#include "query_translation.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "query_builder.hpp"
#include "schema.hpp"
#include "translator.hpp"

namespace tilde {

const TranslationTerms::Terms& TranslationTerms::of(const std::string& text, Language target,
                                                    const IndexReader& reader,
                                                    const Analyzer& analyzer) {
    if (revision_ != reader.revision() || known_.size() >= kMaxRemembered) {
        known_.clear();  // another revision may hold other terms
        revision_ = reader.revision();
    }
    std::string key(language_code(target));
    key += ' ';
    key += text;
    if (auto found = known_.find(key); found != known_.end()) {
        return found->second;
    }
    Terms terms;
    terms.tokens = analyzer.analyze(text, Purpose::Query);
    terms.indexed = false;
    for (const Token& token : terms.tokens) {
        if (!token.stopword) {
            terms.stems.push_back(analyzer.stem(token.folded, target));
            terms.indexed = reader.db().term_exists(prefixed(kStemPrefix, terms.stems.back()));
            if (!terms.indexed) {
                break;
            }
        }
    }
    return known_.emplace(std::move(key), std::move(terms)).first->second;
}

std::map<size_t, WordTranslation> translate_query_words(
    std::string_view query, const std::vector<Token>& typed, const std::vector<Token>& ranked,
    Language language, const IndexReader& reader, const Analyzer& analyzer,
    TranslationTerms& terms) {
    std::map<size_t, WordTranslation> out;
    std::unordered_map<std::uint32_t, size_t> ranked_at;  // by the byte each begins at
    for (size_t i = 0; i < ranked.size(); ++i) {
        ranked_at.emplace(ranked[i].byte_begin, i);
    }
    Translator& translator = Translator::shared();
    std::vector<std::string> written;  // the words as typed: the dictionary reads case
    for (const Token& token : typed) {
        written.emplace_back(query.substr(token.byte_begin, token.byte_end - token.byte_begin));
    }
    // Without a query language, both ways; on a word both translate, Spanish first.
    if (language == Language::Unknown) {
        translator.load(Language::Spanish, Language::English);
    }
    // A Spanish query without a single accent was probably typed without any.
    const bool typed_without_accents =
        language == Language::Spanish &&
        std::none_of(written.begin(), written.end(), [](const std::string& word) {
            return std::any_of(word.begin(), word.end(),
                               [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        });
    // Adds the run's translations that the index holds: whether it had any.
    auto consider = [&](Language from, const TranslatedWords& run) {
        // The run's ranked words, which must follow each other among the ranked words;
        // its other words are stopwords.
        std::vector<size_t> indexes;
        bool usable = true;
        for (size_t k = run.first; k < run.first + run.count && usable; ++k) {
            auto at = ranked_at.find(typed[k].byte_begin);
            if (at != ranked_at.end()) {
                usable = indexes.empty() || at->second == indexes.back() + 1;
                indexes.push_back(at->second);
            } else {
                usable = typed[k].stopword;
            }
        }
        if (!usable || indexes.empty() || out.contains(indexes.front())) {
            return false;
        }
        std::vector<std::string> typed_words;
        // The stems the typed words are searched by: the query language's, else both.
        std::set<std::string> typed_stems;
        for (size_t index : indexes) {
            typed_words.push_back(ranked[index].folded);
            if (language != Language::Unknown) {
                typed_stems.insert(analyzer.stem(ranked[index].folded, language));
                continue;
            }
            for (std::string& stem : analyzer.stems(ranked[index].folded, Language::Unknown)) {
                typed_stems.insert(std::move(stem));
            }
        }
        WordTranslation translation;
        translation.length = indexes.size();
        translation.typed = {typed[run.first].byte_begin,
                             typed[run.first + run.count - 1].byte_end};
        translation.from = from;
        translation.target = run.target;
        const std::string typed_folded = joined(typed_words);
        auto add = [&](const std::vector<std::string>& words) {
            const std::string text = joined(words);
            const TranslationTerms::Terms& known = terms.of(text, run.target, reader, analyzer);
            // A translation with the typed word's own stem ("propagación" is
            // "propagation", both "propag") is that word again: counted twice, it
            // would outweigh the other words in the query's own language.
            const bool same_stem = known.stems.size() == 1 && typed_stems.contains(known.stems[0]);
            if (known.indexed && !same_stem && joined(known.tokens) != typed_folded &&
                std::find(translation.written.begin(), translation.written.end(), text) ==
                    translation.written.end()) {
                translation.written.push_back(text);
                translation.alternatives.push_back(known.tokens);
            }
        };
        for (const std::vector<std::string>& words : run.translations) {
            add(words);
            // A fixed expression's translation is often one word in use: "golpe de
            // estado" is "coup d'état", which English news calls a coup.
            if (words.size() > 1 && run.count > 1) {
                add({words.front()});
            }
        }
        if (translation.alternatives.empty()) {
            return false;
        }
        out.emplace(indexes.front(), std::move(translation));
        return true;
    };
    // Whether every ranked word has its translation: the other direction could add none.
    auto all_translated = [&] {
        size_t covered = 0;
        for (const auto& [first, translation] : out) {
            covered += translation.length;
        }
        return covered >= ranked.size();
    };
    for (const Language from : language == Language::Unknown
                                   ? std::vector{Language::Spanish, Language::English}
                                   : std::vector{language}) {
        if (all_translated()) {
            break;  // an analysis saved (a cold transducer: tens of microseconds)
        }
        for (const TranslatedWords& run :
             translator.translate(written, from, typed_without_accents)) {
            if (!consider(from, run)) {
                for (const TranslatedWords& part : run.parts) {
                    consider(from, part);
                }
            }
        }
    }
    return out;
}

}  // namespace tilde
