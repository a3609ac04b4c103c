// SPDX-License-Identifier: MIT
/// @file fuzz_corpus_reader.cpp  Any bytes as a .txt, .md, .html and .jsonl file through the
/// real reader (files on disk, as tilde-index reads them).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <tilde/errors.hpp>

#include "corpus_reader.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("tilde-fuzz-files-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    for (const char* name : {"input.txt", "input.md", "input.html", "input.jsonl"}) {
        const std::filesystem::path file = dir / name;
        std::ofstream(file, std::ios::binary | std::ios::trunc)
            .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        tilde::CorpusCallbacks callbacks;
        callbacks.on_document = [](tilde::Document&& document, uint64_t) {
            tilde::fuzz::check(!document.id.empty(), "document without an id");
        };
        callbacks.on_warning = [](const std::string& message) {
            tilde::fuzz::check(message.find('\n') == std::string::npos, "warning of two lines");
        };
        try {
            (void)tilde::read_corpus({file}, callbacks);
        } catch (const tilde::IoError&) {
            // reported to the user as one line
        }
    }
    return 0;
}
