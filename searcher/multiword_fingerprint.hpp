// SPDX-License-Identifier: MIT
/// @file multiword_fingerprint.hpp  Which analyser file a multiword table was made from.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>

namespace tilde {

struct MultiwordFingerprint {
    std::uint64_t size = 0;
    std::uint64_t hash = 0;  // FNV-1a over every byte
};

/// The fingerprint of what is left of `file` to read.
inline MultiwordFingerprint multiword_fingerprint(std::FILE* file) {
    MultiwordFingerprint out{0, 14695981039346656037ULL};
    std::array<unsigned char, 65536> buffer{};
    for (size_t got; (got = std::fread(buffer.data(), 1, buffer.size(), file)) > 0;) {
        for (size_t i = 0; i < got; ++i) {
            out.hash = (out.hash ^ buffer[i]) * 1099511628211ULL;
        }
        out.size += got;
    }
    return out;
}

}  // namespace tilde
