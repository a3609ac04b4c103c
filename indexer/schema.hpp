// SPDX-License-Identifier: MIT
/// @file schema.hpp  How a tilde index is laid out in Xapian: term prefixes, value slots,
/// metadata keys, versions and shared limits. docs/index-format.md describes the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <xapian.h>

namespace tilde {

/// Bumped when the layout below changes in a way an old reader would misread.
inline constexpr std::string_view kIndexFormat = "tilde-passages/1";

// Term prefixes. Unprefixed terms are folded words (no positions; used for the exact-word
// boost, wildcards and spelling).
inline constexpr std::string_view kStemPrefix = "Z";     ///< folded stem, with positions
inline constexpr std::string_view kExactPrefix = "E";    ///< accented form, only if it has accents
inline constexpr std::string_view kPassagePrefix = "Q";  ///< unique passage key: doc id + '#' + n
inline constexpr std::string_view kDocPrefix = "P";      ///< document id, on each of its passages
inline constexpr std::string_view kLangPrefix = "L";     ///< passage language: Len, Les, Lund
inline constexpr std::string_view kSourcePrefix = "F";   ///< source file: F + 16 hex digits

// Value slots.
inline constexpr Xapian::valueno kSlotCollapse = 0;  ///< hash of the passage's folded words

// Metadata keys.
inline constexpr std::string_view kMetaFormat = "tilde:format";
inline constexpr std::string_view kMetaAnalyzer = "tilde:analyzer";
inline constexpr std::string_view kMetaDocuments = "tilde:documents";
/// Prefix of the keys holding the corpus's own spelling of a folded word ("guaido" -> "Guaidó").
inline constexpr std::string_view kMetaSpellingForm = "S:";

// Limits shared by indexing and querying.
inline constexpr std::size_t kMaxWordBytes = 64;            ///< longer "words" are not indexed
inline constexpr std::size_t kMaxAnalyzedBytes = 1u << 24;  ///< one text is cut beyond this
inline constexpr std::size_t kMaxTermBytes = 240;           ///< Xapian's limit is 245
inline constexpr std::size_t kPassageTargetBytes = 700;     ///< long paragraphs split near this
inline constexpr std::size_t kPassageMaxBytes = 1200;       ///< ... and never above this
inline constexpr std::size_t kLongLineBytes =
    100;  ///< a block with a longer line is one paragraph a line

/// Metadata key prefix of source-file records: "source:" + 16 hex digits of the path's hash
/// -> "SIZE MTIME_NS HASH PATH".
inline constexpr std::string_view kMetaSourcePrefix = "source:";

/// In an index folder while a writer holds it: the writer's process id, for the message a
/// second writer gets ("locked by another tilde-index (pid N)").
inline constexpr std::string_view kWriterPidFile = "tilde-writer.pid";

}  // namespace tilde
