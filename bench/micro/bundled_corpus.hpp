// SPDX-License-Identifier: MIT
/// @file bundled_corpus.hpp  The bundled corpus's passages, for the micro-benchmarks.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "passage_splitter.hpp"

namespace tilde::bench {

/// The bundled corpus's passages as the index stores them.
inline std::vector<std::string> bundled_passages() {
    std::vector<std::string> passages;
    PassageSplitter splitter;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(TILDE_SOURCE_DIR) + "/corpus/venezuela")) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        const std::string text = buffer.str();
        for (const auto& span : splitter.split(text)) {
            passages.push_back(text.substr(span.begin, span.end - span.begin));
        }
    }
    return passages;
}

}  // namespace tilde::bench
