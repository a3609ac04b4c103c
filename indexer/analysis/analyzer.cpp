// SPDX-License-Identifier: MIT
/// @file analyzer.cpp  ICU word segmentation, folding, possessives, acronyms and stemming.
#include "analyzer.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include "analysis_limits.hpp"
#include "folding.hpp"
#include "stopwords.hpp"
#include "word_segments.hpp"

namespace tilde {
namespace {

constexpr std::array<std::string_view, 7> kApostrophes = {
    "'", "\xE2\x80\x99", "\xE2\x80\x98", "\xCA\xBC", "`", "\xC2\xB4", "\xEF\xBC\x87"};

// Letters, and whether any of them is lower-case: tells "US" (the country) from "us".
struct CaseProfile {
    int letters = 0;
    bool has_lower = false;
    [[nodiscard]] bool all_caps() const { return letters >= 2 && !has_lower; }
};

CaseProfile case_profile(std::string_view word) {
    CaseProfile profile;
    int32_t i = 0;
    const auto length = static_cast<int32_t>(word.size());
    while (i < length) {
        const auto byte = static_cast<unsigned char>(word[static_cast<size_t>(i)]);
        if (byte < 0x80) {  // ASCII without ICU's property lookups
            ++i;
            const bool lower = byte >= 'a' && byte <= 'z';
            if (lower || (byte >= 'A' && byte <= 'Z')) {
                ++profile.letters;
                profile.has_lower |= lower;
            }
            continue;
        }
        UChar32 c;
        U8_NEXT(word.data(), i, length, c);
        if (c < 0) {
            continue;
        }
        if (u_isalpha(c)) {
            ++profile.letters;
            profile.has_lower |= static_cast<bool>(u_islower(c));
        }
    }
    return profile;
}

// Length in code points of a UTF-8 piece.
int code_points(std::string_view piece) {
    int count = 0;
    for (unsigned char c : piece) {
        count += (c & 0xC0) != 0x80;
    }
    return count;
}

// Splits a UAX #29 word at '.' and ':'. ICU keeps "uprising.As" together (MidNumLet), and
// UAX #29 itself "a:b" (MidLetter; ICU's root rules no longer do); news text needs them apart.
// Dotted abbreviations ("U.S", "EE.UU") are the exception: every piece is one or two letters,
// and they join into one word ("us", "eeuu").
struct WordPiece {
    std::string_view text;  // as written (without dots when joined)
    std::string joined;     // non-empty for a dotted abbreviation
    uint32_t begin = 0;     // offset inside the word
    uint32_t end = 0;
};

void split_word(std::string_view word, std::vector<WordPiece>& pieces) {
    pieces.clear();
    // A plain loop: find_first_of() calls memchr() on ".:" for every byte of every word.
    if (std::none_of(word.begin(), word.end(), [](char c) { return c == '.' || c == ':'; })) {
        pieces.push_back({word, {}, 0, static_cast<uint32_t>(word.size())});
        return;
    }
    size_t start = 0;
    bool all_short = true;
    int dotted_pieces = 0;
    bool has_colon = false;
    while (start <= word.size()) {
        size_t sep = word.find_first_of(".:", start);
        size_t stop = sep == std::string_view::npos ? word.size() : sep;
        std::string_view piece = word.substr(start, stop - start);
        if (!piece.empty()) {
            pieces.push_back(
                {piece, {}, static_cast<uint32_t>(start), static_cast<uint32_t>(stop)});
            all_short &= code_points(piece) <= 2;
            ++dotted_pieces;
        }
        if (sep == std::string_view::npos) {
            break;
        }
        has_colon |= word[sep] == ':';
        start = sep + 1;
    }
    if (!has_colon && all_short && dotted_pieces >= 2) {
        WordPiece joined{word, {}, 0, static_cast<uint32_t>(word.size())};
        for (const WordPiece& piece : pieces) {
            joined.joined.append(piece.text);
        }
        pieces.clear();
        pieces.push_back(std::move(joined));
    }
}

// Byte length of a trailing possessive ('s, ’s, ...) in `word`, or 0.
size_t possessive_length(std::string_view word) {
    if (word.size() < 3 || (word.back() != 's' && word.back() != 'S')) {
        return 0;
    }
    std::string_view before = word.substr(0, word.size() - 1);
    for (std::string_view apostrophe : kApostrophes) {
        if (before.size() > apostrophe.size() && before.ends_with(apostrophe)) {
            return apostrophe.size() + 1;
        }
    }
    return 0;
}

// The Spanish Snowball rules are written with accents ("-ación"), so a folded word would miss
// them: "declaracion" would keep its suffix while "declaraciones" loses it. Put the accent back
// on the few noun suffixes where that matters and whose accent-less form is never a suffix of
// its own. Input is always folded, so typed-with and typed-without accents stem alike.
std::string restore_spanish_suffix(std::string_view folded) {
    struct Suffix {
        std::string_view plain;
        std::string_view accented;
    };
    static constexpr std::array<Suffix, 4> kSuffixes = {{{"acion", "aci\xC3\xB3n"},
                                                         {"ucion", "uci\xC3\xB3n"},
                                                         {"logias",
                                                          "log\xC3\xAD"
                                                          "as"},
                                                         {"logia",
                                                          "log\xC3\xAD"
                                                          "a"}}};
    for (const Suffix& suffix : kSuffixes) {
        if (folded.size() > suffix.plain.size() + 1 && folded.ends_with(suffix.plain)) {
            std::string out(folded.substr(0, folded.size() - suffix.plain.size()));
            out.append(suffix.accented);
            return out;
        }
    }
    return std::string(folded);
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Spanish plural only: "comidas" -> "comida", "naciones" -> "nacion".
std::string strip_spanish_plural(std::string_view folded) {
    if (folded.size() > 4 && folded.ends_with("es") && !is_vowel(folded[folded.size() - 3])) {
        return std::string(folded.substr(0, folded.size() - 2));
    }
    if (folded.size() > 3 && folded.back() == 's') {
        return std::string(folded.substr(0, folded.size() - 1));
    }
    return std::string(folded);
}

}  // namespace

struct Analyzer::Impl {
    WordSegmenter segmenter;
    Xapian::Stem english{"english"};
    Xapian::Stem spanish{"spanish"};
    // Stems of recent words, per language (0 English, 1 Spanish): the stemmers took a fifth of
    // indexing's instructions, and a text's words repeat (Zipf). Cleared when it grows past
    // max_cached_stems, so memory stays bounded.
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    size_t max_cached_stems = kMaxCachedStems;
    mutable std::unordered_map<std::string, std::string, Hash, std::equal_to<>> stems[2];
    // Scratch space reused between calls.
    mutable std::vector<WordPiece> pieces;
    mutable std::vector<CaseProfile> profiles;
    mutable std::vector<bool> dotted;
    mutable std::vector<WordSegment> segments;
};

bool written_in_capitals(std::string_view written) { return case_profile(written).all_caps(); }

std::string Analyzer::id() {
    const std::string& fingerprint = stopwords_fingerprint();
    return std::string(kVersion) + (fingerprint.empty() ? "" : "+stopwords." + fingerprint);
}

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {
    (void)english_stopwords();  // a missing stopword file is reported here, not mid-analysis
}

Analyzer::~Analyzer() = default;

std::vector<Token> Analyzer::analyze(std::string_view text, Purpose purpose) const {
    std::vector<Token> tokens;
    analyze(text, purpose, tokens);
    return tokens;
}

void Analyzer::analyze(std::string_view text, Purpose purpose, std::vector<Token>& out) const {
    out.clear();
    impl_->profiles.clear();
    impl_->dotted.clear();
    if (text.empty()) {
        return;
    }
    if (text.size() > kMaxAnalyzedBytes) {
        text = text.substr(0, kMaxAnalyzedBytes);
    }
    std::vector<WordSegment>& segments = impl_->segments;
    impl_->segmenter.segment(text, segments);
    out.reserve(segments.size());  // one token a word, but for dotted words: no regrowth
    uint32_t position = 0;
    for (const WordSegment& segment : segments) {
        const uint32_t start = segment.begin;
        const bool number = segment.number;
        std::string_view word = text.substr(start, segment.end - start);
        if (number) {
            impl_->pieces.assign(1, WordPiece{word, {}, 0, static_cast<uint32_t>(word.size())});
        } else {
            split_word(word, impl_->pieces);
        }
        for (const WordPiece& piece : impl_->pieces) {
            std::string_view written = piece.text;
            uint32_t byte_begin = start + piece.begin;
            uint32_t byte_end = start + piece.end;
            if (purpose != Purpose::Prefix) {
                size_t possessive = possessive_length(written);
                written.remove_suffix(possessive);
                byte_end -= static_cast<uint32_t>(possessive);
            }
            const std::string_view spelled = piece.joined.empty() ? written : piece.joined;
            Token& token = out.emplace_back();  // built in place: no moves of its strings
            if (!fold_ascii_word(spelled, token.folded)) {
                FoldedWord folded = fold_non_ascii_word(spelled);
                token.folded = std::move(folded.folded);
                if (folded.exact != token.folded) {
                    token.exact = std::move(folded.exact);
                }
            }
            if (token.folded.empty() || token.folded.size() > kMaxWordBytes) {
                out.pop_back();
                continue;
            }
            token.byte_begin = byte_begin;
            token.byte_end = byte_end;
            token.position = position++;
            token.number = number;
            if (purpose != Purpose::Highlight) {
                token.stopword = !number && (english_stopwords().contains(token.folded) ||
                                             spanish_stopwords().contains(token.folded));
                impl_->profiles.push_back(case_profile(written));
                impl_->dotted.push_back(!piece.joined.empty());
            }
        }
    }

    // An all-caps word is an acronym ("US", "UN"), not a stopword, unless its neighbours are
    // all-caps too (a shouted headline: "THE US AND US").
    const std::vector<CaseProfile>& profiles = impl_->profiles;
    for (size_t i = 0; i < profiles.size(); ++i) {
        if (!out[i].stopword) {
            continue;
        }
        bool shouting = (i > 0 && profiles[i - 1].all_caps()) ||
                        (i + 1 < out.size() && profiles[i + 1].all_caps());
        if (impl_->dotted[i] || (profiles[i].all_caps() && !shouting)) {
            out[i].stopword = false;
        }
    }
}

std::string Analyzer::stem(std::string_view folded, Language language) const {
    auto& cache = impl_->stems[language == Language::Spanish ? 1 : 0];
    if (auto cached = cache.find(folded); cached != cache.end()) {
        return cached->second;
    }
    std::string stemmed = uncached_stem(folded, language);
    if (cache.size() >= impl_->max_cached_stems) {
        cache.clear();
    }
    cache.emplace(folded, stemmed);
    return stemmed;
}

std::string Analyzer::uncached_stem(std::string_view folded, Language language) const {
    std::string word(folded);
    if (word.empty() || (word[0] >= '0' && word[0] <= '9')) {
        return word;  // numbers are not stemmed
    }
    std::string stemmed;
    if (language == Language::Spanish) {
        stemmed = impl_->spanish(restore_spanish_suffix(word));
        // Without its accent "guaidó" reads as a participle ("-ido") and Snowball cuts it to
        // "gua", the stem of "guao" and "agua" typos; "comida" becomes "com". A stem that short
        // and that much shorter than the word is worse than none: keep the word, minus a plural.
        if (stemmed.size() < 4 && word.size() >= stemmed.size() + 3) {
            stemmed = strip_spanish_plural(word);
        }
    } else {
        stemmed = impl_->english(word);
    }
    return is_ascii(stemmed) ? stemmed : fold_word(stemmed).folded;
}

void Analyzer::limit_stem_cache(std::size_t words) {
    impl_->max_cached_stems = std::clamp<std::size_t>(words, 1, kMaxCachedStems);
}

std::vector<std::string> Analyzer::stems(std::string_view folded, Language language) const {
    if (language != Language::Unknown) {
        return {stem(folded, language)};
    }
    std::string english = stem(folded, Language::English);
    std::string spanish = stem(folded, Language::Spanish);
    if (english == spanish) {
        return {english};
    }
    return {english, spanish};
}

}  // namespace tilde
