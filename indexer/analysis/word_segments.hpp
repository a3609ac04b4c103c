// SPDX-License-Identifier: MIT
/// @file word_segments.hpp  UAX #29 words: a direct pass over Latin-script text, ICU for the rest.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace tilde {

/// One word of a text as UAX #29 cuts it (letters or digits; spaces and punctuation are not
/// words), by byte offsets into the text.
struct WordSegment {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool number = false;  ///< ICU's UBRK_WORD_NUMBER status: the segment ends in a digit
    bool operator==(const WordSegment&) const = default;
};

/// Cuts text into words as ICU's root word break iterator does. Text in Latin script (the
/// corpus's Spanish and English) is cut by a direct pass over its bytes, without ICU: ICU's
/// iterator was a third of the time spent highlighting a hit. Text with any character the
/// direct pass does not know goes to ICU whole. Not thread-safe: one per Analyzer.
class WordSegmenter {
  public:
    WordSegmenter();
    ~WordSegmenter();
    WordSegmenter(const WordSegmenter&) = delete;
    WordSegmenter& operator=(const WordSegmenter&) = delete;

    /// The words of `text`, in order, into `out` (cleared first).
    void segment(std::string_view text, std::vector<WordSegment>& out);
    /// The direct pass alone: false (and `out` unusable) when `text` has a character it
    /// leaves to ICU.
    bool segment_latin(std::string_view text, std::vector<WordSegment>& out);
    /// ICU alone: the reference the direct pass is tested against.
    void segment_with_icu(std::string_view text, std::vector<WordSegment>& out);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tilde
