// SPDX-License-Identifier: MIT
/// @file passage_sampler.hpp  Passage texts sampled from across a corpus, to train the
/// dictionary passage records are compressed with (record_codec.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "corpus_reader.hpp"

namespace tilde {

/// About `sample_bytes` of passage texts from up to 64 of `files`, spread over the list. From
/// a text or HTML file, its first passages; from a JSON Lines file, whole documents evenly
/// spread over all its lines (a corpus changes along a file, and a dictionary trained on its
/// first documents alone compresses the rest worse). Lines not sampled are not parsed.
/// `part_bytes` and `max_whole_bytes` are the reader's (CorpusCallbacks); nothing is warned
/// about: the real read reports what it skips. Files are read on up to `threads` threads; the
/// samples come in the files' order whatever their number.
[[nodiscard]] std::vector<std::string> sample_passages(const std::vector<CorpusFile>& files,
                                                       std::uint64_t sample_bytes,
                                                       std::uint64_t part_bytes,
                                                       std::uint64_t max_whole_bytes,
                                                       unsigned threads = 1);

}  // namespace tilde
