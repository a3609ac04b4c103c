// SPDX-License-Identifier: MIT
/// @file analysis.hpp  Settings of the analyzer shared by every index: where its stopword
/// lists come from.
#pragma once

#include <filesystem>
#include <string>

namespace tilde {

/// Reads the stopword lists from `dir`/en.txt and `dir`/es.txt (one word a line, '#'
/// comments) instead of the default place. By default they are found at run time under the
/// install prefix (PREFIX/share/tilde/stopwords, located from the library's or program's own
/// path), and the copies built into the library serve when that folder does not exist.
///
/// The lists are read once per process, when the first index is opened: call this before.
/// An index records which lists built it; opening it with other lists is an
/// IndexVersionMismatch. The programs read $TILDE_STOPWORDS_DIR into this.
/// Thread-safe.
/// @throws UsageError if the lists were already read from somewhere else.
void set_stopwords_dir(const std::filesystem::path& dir);

/// Where the lists in use were read from: a folder, or "built-in". Reads them if needed.
/// @throws IoError if a list cannot be read.
[[nodiscard]] std::string stopwords_source();

}  // namespace tilde
