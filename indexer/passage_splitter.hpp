// SPDX-License-Identifier: MIT
/// @file passage_splitter.hpp  Cuts a document into paragraph-sized passages.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace tilde {

/// A passage as a byte range of its document, trimmed of surrounding white space.
struct PassageSpan {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool operator==(const PassageSpan&) const = default;
};

/// Splits text into passages: paragraphs are separated by blank lines; a block whose lines
/// are long (unwrapped text, one paragraph a line) is split at every line; a paragraph longer
/// than kPassageMaxBytes is cut at sentence ends into pieces near kPassageTargetBytes.
/// Not thread-safe (holds an ICU sentence iterator): one per thread.
class PassageSplitter {
  public:
    PassageSplitter();
    ~PassageSplitter();
    PassageSplitter(const PassageSplitter&) = delete;
    PassageSplitter& operator=(const PassageSplitter&) = delete;

    [[nodiscard]] std::vector<PassageSpan> split(std::string_view text) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tilde
