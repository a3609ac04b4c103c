// SPDX-License-Identifier: MIT
/// @file json_lines_reader.hpp  JSON Lines corpora: one document an object, each bad line
/// named in a warning and counted.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "corpus_reader.hpp"

namespace tilde {

/// Reads every line of `path` (maybe gzipped) as a document: "text" required; "id" (else
/// `id_base:LINE`), "title", "date", "lang" and "source" (else `collection`) optional.
/// Returns the file's content hash.
std::uint64_t read_json_lines(const std::filesystem::path& path, const std::string& id_base,
                              const std::string& collection, const CorpusCallbacks& callbacks,
                              CorpusStats& stats);

}  // namespace tilde
