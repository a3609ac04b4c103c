// SPDX-License-Identifier: MIT
/// @file passage_analysis.cpp  Documents -> analyzed passages with their terms.
#include "passage_analysis.hpp"

#include <optional>

#include "dates.hpp"
#include "fnv1a.hpp"
#include "schema.hpp"

namespace tilde {
namespace {

// A word worth offering as a spelling correction: letters only, not too short.
bool is_spelling_word(const Token& token) {
    if (token.number || token.stopword || token.folded.size() < 3) {
        return false;
    }
    for (unsigned char c : token.folded) {
        if (c == '\'' || (c >= '0' && c <= '9')) {
            return false;
        }
    }
    return true;
}

// How the text writes a token: empty when just as its folded word (most words).
std::string written_form(std::string_view text, const Token& token) {
    const std::string_view written =
        text.substr(token.byte_begin, token.byte_end - token.byte_begin);
    return written == token.folded ? std::string() : std::string(written);
}

}  // namespace

std::uint64_t text_key(const std::vector<Token>& tokens) {
    Fnv1a fnv(Fnv1a::kIndexTermBasis);  // over folded words
    for (const Token& token : tokens) {
        fnv.add(token.folded).add(" ");
    }
    return fnv.value();
}

// Stopwords get only their stems, and without positions: the word terms would add a fifth of
// all postings, and their positions a third of the position table (format 6). Phrases and
// proximity skip them, keeping the gaps they leave.
Xapian::Document passage_terms(const Analyzer& analyzer, const std::string& text,
                               const std::vector<Token>& tokens, Language language,
                               std::vector<SpellingUse>* spellings) {
    Xapian::Document xdoc;
    const Xapian::termcount wdf = wdf_per_occurrence(tokens.size());
    for (const Token& token : tokens) {
        const Xapian::termpos position = token.position + 1;
        for (const std::string& stem : analyzer.stems(token.folded, language)) {
            std::string term = prefixed(kStemPrefix, stem);
            if (term.size() > kMaxTermBytes) {
                continue;
            }
            if (token.stopword) {
                xdoc.add_term(term, wdf);
            } else {
                xdoc.add_posting(term, position, wdf);
            }
        }
        if (token.stopword) {
            continue;
        }
        if (token.folded.size() <= kMaxTermBytes) {
            xdoc.add_term(token.folded, wdf);
        }
        if (!token.exact.empty()) {
            std::string term = prefixed(kExactPrefix, token.exact);
            if (term.size() <= kMaxTermBytes) {
                xdoc.add_term(term, wdf);
            }
        }
        if (spellings != nullptr && is_spelling_word(token)) {
            spellings->push_back({token.folded, written_form(text, token)});
        }
    }
    return xdoc;
}

std::vector<SpellingUse> passage_spellings(const Analyzer& analyzer, const PassageRecord& record) {
    std::vector<SpellingUse> out;
    for (const Token& token : analyzer.analyze(record.text, Purpose::Document)) {
        if (is_spelling_word(token)) {
            out.push_back({token.folded, written_form(record.text, token)});
        }
    }
    return out;
}

AnalyzedPart PartAnalyzer::analyze(const Document& document, bool first, bool last) const {
    AnalyzedPart out;
    out.id = document.id;
    out.title = document.title;
    out.first = first;
    add_document_fields(document, out);
    out.last = last;
    out.text_bytes = document.text.size();
    std::vector<PassageSpan> spans = splitter_.split(document.text);
    // Per call, not reused: kept slots would each grow to the largest passage ever seen at
    // their index, so memory would creep up with the length of a file.
    std::vector<std::vector<Token>> passage_tokens(spans.size());
    LanguageEvidence document_evidence;
    for (size_t i = 0; i < spans.size(); ++i) {
        std::string_view text(document.text.data() + spans[i].begin, spans[i].end - spans[i].begin);
        analyzer_.analyze(text, Purpose::Document, passage_tokens[i]);
        document_evidence += language_evidence(passage_tokens[i]);
    }
    // A language the document declares wins; then --lang; then each passage's stopwords,
    // falling back on the whole document's for passages too short to tell (titles).
    Language declared = parse_language(document.lang).value_or(Language::Unknown);
    if (declared == Language::Unknown) {
        declared = forced_language_;
    }
    const Language document_language = document_evidence.decide();
    out.passages.reserve(spans.size());
    for (size_t i = 0; i < spans.size(); ++i) {
        const std::vector<Token>& tokens = passage_tokens[i];
        Language language = declared != Language::Unknown ? declared : detect_language(tokens);
        if (language == Language::Unknown) {
            language = document_language;
        }
        AnalyzedPassage passage;
        PassageRecord& record = passage.record;
        record.doc = document.id;
        record.passage = static_cast<uint32_t>(i + 1);
        record.start = static_cast<uint32_t>(spans[i].begin);
        record.end = static_cast<uint32_t>(spans[i].end);
        record.lang = std::string(language_code(language));
        record.text = document.text.substr(spans[i].begin, spans[i].end - spans[i].begin);
        record.text_key = text_key(tokens);
        passage.terms = passage_terms(analyzer_, record.text, tokens, language, &passage.spellings);
        out.passages.push_back(std::move(passage));
    }
    return out;
}

void place_after(AnalyzedPart& part, std::uint32_t passages_before, std::uint32_t bytes_before) {
    for (AnalyzedPassage& passage : part.passages) {
        passage.record.passage += passages_before;
        passage.record.start += bytes_before;
        passage.record.end += bytes_before;
    }
}

void PartAnalyzer::add_document_fields(const Document& document, AnalyzedPart& out) const {
    if (std::optional<CalendarDate> date = parse_metadata_date(document.date)) {
        out.date_key = date_key(*date);
    }
    out.collection = collection_name(document.source);
    if (!out.first) {
        return;  // the title's terms go on the document's first passage only
    }
    for (const Token& token : analyzer_.analyze(document.title, Purpose::Document)) {
        for (const std::string& stem : analyzer_.stems(token.folded, Language::Unknown)) {
            std::string term = prefixed(kTitlePrefix, stem);
            if (term.size() <= kMaxTermBytes) {
                out.title_postings.emplace_back(std::move(term), token.position + 1);
            }
        }
    }
}

}  // namespace tilde
