// SPDX-License-Identifier: MIT
/// @file schema.hpp  How a tilde index is laid out in Xapian: term prefixes, value slots,
/// metadata keys, versions and shared limits. docs/index-format.md describes the same.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace tilde {

/// Bumped when the layout below changes in a way an old reader would misread.
inline constexpr std::string_view kIndexFormat = "tilde-passages/7";
/// Still searched: the same but for dates kept only in kSlotDate (DocumentRecord::date_key).
inline constexpr std::string_view kPreviousIndexFormat = "tilde-passages/6";

// Length normalisation is baked into the within-passage frequencies (wdf), as Lucene bakes it
// into norms: a word counts kWdfScale / K times, K = 1 - b + b * words / kTypicalPassageWords,
// and the searcher ranks with BM25 at b = 0 (k1 scaled by kWdfScale). The scores are BM25's
// with b = kLengthNormalisation, but Xapian never has to look a passage's length up, which
// took half of a keyword query's time.
inline constexpr double kWdfScale = 64.0;
inline constexpr double kLengthNormalisation = 0.1;  // BM25's b
inline constexpr double kTypicalPassageWords = 40.0;

/// The wdf each occurrence of a word adds in a passage of `words` words.
[[nodiscard]] inline Xapian::termcount wdf_per_occurrence(std::size_t words) {
    const double length_factor =
        1.0 - kLengthNormalisation +
        kLengthNormalisation * static_cast<double>(words) / kTypicalPassageWords;
    // Always positive, so + 0.5 rounds; lround() would move a few wdfs of existing indexes.
    // NOLINTNEXTLINE(bugprone-incorrect-roundings)
    const auto rounded = static_cast<Xapian::termcount>(kWdfScale / length_factor + 0.5);
    return std::max<Xapian::termcount>(1, rounded);
}

// Term prefixes. Unprefixed terms are folded words (no positions; used for the exact-word
// boost, wildcards and spelling).
inline constexpr std::string_view kStemPrefix = "Z";   ///< folded stem; positions unless a stopword
inline constexpr std::string_view kExactPrefix = "E";  ///< accented form, only if it has accents
/// A hash of the document id (8 bytes), on each of its passages: what replacing and deleting a
/// document, and filtering by documents, go by.
inline constexpr std::string_view kDocPrefix = "P";
/// The document id itself, on the first passage only: `doc:` prefixes.
inline constexpr std::string_view kDocNamePrefix = "D";
inline constexpr std::string_view kLangPrefix = "L";    ///< passage language: Len, Les, Lund
inline constexpr std::string_view kSourcePrefix = "F";  ///< source file: a hash of its path
/// Title word stems (both languages), with positions and wdf 0, on the first passage of each
/// document only: `title:` finds documents, then filters passages by their documents.
inline constexpr std::string_view kTitlePrefix = "H";
/// A hash of the document's collection or publisher, lower-cased (JSON `source`, or the folder
/// indexed); the names are listed under kMetaCollectionPrefix, for `source:` prefixes.
inline constexpr std::string_view kCollectionPrefix = "K";
/// Text key (a hash of the folded words) of the one copy of a passage text whose words are
/// indexed. Key terms are their prefix and 8 bytes, big-endian (passage_record.hpp).
inline constexpr std::string_view kIndexedTextPrefix = "T";
/// The same key on the other copies: stored (whole documents show them), not searched.
inline constexpr std::string_view kRepeatedTextPrefix = "R";
/// On the passages of a source file read again while its old passages are still searchable:
/// G + the source's 16 hex digits + ":" + a generation. Searchers hide the generations that
/// kMetaPendingPrefix lists, so a file is replaced in one commit however many it takes to write.
inline constexpr std::string_view kPendingPrefix = "G";

/// PREFIX + value. Built by construction: GCC 12 at -O3 misreports assign().append() on a
/// reused string as an overlapping memcpy (-Wrestrict), which would break -Werror builds.
[[nodiscard]] inline std::string prefixed(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    term += value;
    return term;
}

// Value slots.
/// The passage record (passage_record.hpp): binary, on every passage. A value, not the
/// document data: Xapian deflates every document's data separately, each time clearing
/// zlib's 64 KB tables, which took a fifth of indexing time; values are stored as they are.
inline constexpr Xapian::valueno kSlotRecord = 1;
/// The document's date, "YYYYMMDD" (dates.hpp): for date: ranges and sorting by date.
inline constexpr Xapian::valueno kSlotDate = 2;
/// The document record (title; passage_record.hpp), on the first passage of each document.
inline constexpr Xapian::valueno kSlotDocument = 3;

// Metadata keys.
inline constexpr std::string_view kMetaFormat = "tilde:format";
inline constexpr std::string_view kMetaAnalyzer = "tilde:analyzer";
inline constexpr std::string_view kMetaDocuments = "tilde:documents";
/// Prefix of the keys holding how the corpus writes a folded word ("guaido" -> "Guaidó").
/// The value is "COUNT<tab>FORM" for up to kMaxSpellingForms forms, most frequent first (FORM
/// alone in indexes written before counts were kept).
inline constexpr std::string_view kMetaSpellingForm = "S:";
inline constexpr std::size_t kMaxSpellingForms = 4;

/// One written form of a word and how often the corpus writes it so.
struct SpellingForm {
    std::string form;
    std::uint64_t count = 0;
};

/// Most frequent first (ties: the smaller byte string, so the unaccented form), at most
/// kMaxSpellingForms of them.
[[nodiscard]] inline std::string format_spelling_forms(std::vector<SpellingForm> forms) {
    std::sort(forms.begin(), forms.end(), [](const SpellingForm& a, const SpellingForm& b) {
        return a.count > b.count || (a.count == b.count && a.form < b.form);
    });
    std::string value;
    for (size_t i = 0; i < forms.size() && i < kMaxSpellingForms; ++i) {
        // Appended piece by piece: `"\t" + std::string&&` trips GCC 12's -Wrestrict at -O3.
        if (i > 0) {
            value += '\t';
        }
        value += std::to_string(forms[i].count);
        value += '\t';
        value += forms[i].form;
    }
    return value;
}

[[nodiscard]] inline std::vector<SpellingForm> parse_spelling_forms(std::string_view value) {
    std::vector<SpellingForm> forms;
    if (value.find('\t') == std::string_view::npos) {
        if (!value.empty()) {
            forms.push_back({std::string(value), 0});
        }
        return forms;
    }
    while (!value.empty()) {
        const size_t tab = value.find('\t');
        if (tab == std::string_view::npos) {
            break;  // a count with no form: not written by tilde
        }
        SpellingForm form;
        std::from_chars(value.data(), value.data() + tab, form.count);
        value.remove_prefix(tab + 1);
        const size_t end = std::min(value.find('\t'), value.size());
        form.form = value.substr(0, end);
        forms.push_back(std::move(form));
        value.remove_prefix(std::min(end + 1, value.size()));
    }
    return forms;
}

// Limits of the stored layout (the analyzer's own are in analysis/analysis_limits.hpp).
inline constexpr std::size_t kMaxTermBytes = 240;        ///< Xapian's limit is 245
inline constexpr std::size_t kPassageTargetBytes = 700;  ///< long paragraphs split near this
inline constexpr std::size_t kPassageMaxBytes = 1200;    ///< ... and never above this
inline constexpr std::size_t kLongLineBytes =
    100;  ///< a block with a longer line is one paragraph a line

/// Metadata key prefix of source-file records: "source:" + 16 hex digits of the path's hash
/// -> "SIZE MTIME_NS HASH SKIPPED PATH" (SKIPPED: lines skipped with a warning).
inline constexpr std::string_view kMetaSourcePrefix = "source:";
/// "pending:" + 16 hex digits of a source's path hash -> the kPendingPrefix term of the
/// passages a run is writing for it, hidden until the run replaces the old ones with them.
inline constexpr std::string_view kMetaPendingPrefix = "pending:";
/// "collection:" + a collection name, lower-cased -> "1": the names behind the K terms.
inline constexpr std::string_view kMetaCollectionPrefix = "collection:";
/// "tilde:dict:" + id -> a zstd dictionary that passage records are compressed with.
inline constexpr std::string_view kMetaDictionaryPrefix = "tilde:dict:";
/// The key of the dictionary new records are compressed with.
inline constexpr std::string_view kMetaDictionary = "tilde:dictionary";

}  // namespace tilde
