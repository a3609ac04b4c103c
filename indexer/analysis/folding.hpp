// SPDX-License-Identifier: MIT
/// @file folding.hpp  Case and accent folding of single words.
#pragma once

#include <string>
#include <string_view>

namespace tilde {

/// A word in its two searchable spellings.
struct FoldedWord {
    std::string exact;   ///< NFKC + case-folded, accents kept ("guaidó").
    std::string folded;  ///< `exact` with combining marks removed ("guaido"); ñ becomes n.
};

/// Folds one word. Curly apostrophes become "'". Thread-safe.
[[nodiscard]] FoldedWord fold_word(std::string_view word);

/// fold_word() of a word that is all ASCII, into `folded` (its exact form is the same): false
/// for any other word, and then `folded` holds nothing of use. What most words take, without
/// a copy.
[[nodiscard]] bool fold_ascii_word(std::string_view word, std::string& folded);

/// fold_word() of a word fold_ascii_word() turned down, without looking at it as ASCII again.
[[nodiscard]] FoldedWord fold_non_ascii_word(std::string_view word);

/// fold_word() through ICU's normalizers alone, without its tables: what they must agree with.
[[nodiscard]] FoldedWord fold_word_with_icu(std::string_view word);

/// Just the accent-less, case-less form of `text` (any length). Thread-safe.
[[nodiscard]] std::string fold_text(std::string_view text);

/// True when every byte is ASCII.
[[nodiscard]] bool is_ascii(std::string_view text);

}  // namespace tilde
