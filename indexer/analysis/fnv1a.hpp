// SPDX-License-Identifier: MIT
/// @file fnv1a.hpp  The one 64-bit hash tilde stores (collapse keys, long ids, file records,
/// stopword fingerprints): FNV-1a, stable across runs, builds and machines.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace tilde {

class Fnv1a {
  public:
    /// FNV-1a's offset basis.
    static constexpr std::uint64_t kBasis = 14695981039346656037ULL;
    /// The basis collapse keys and long-id terms were first written with (a digit short of
    /// kBasis); kept, because changing it would change terms already in indexes.
    static constexpr std::uint64_t kIndexTermBasis = 1469598103934665603ULL;

    explicit Fnv1a(std::uint64_t basis = kBasis) : value_(basis) {}

    Fnv1a& add(std::string_view bytes) {
        for (char c : bytes) {
            value_ = (value_ ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        }
        return *this;
    }

    [[nodiscard]] std::uint64_t value() const { return value_; }

    /// Sixteen lower-case hex digits.
    [[nodiscard]] std::string hex() const {
        char digits[17];
        std::snprintf(digits, sizeof digits, "%016llx", static_cast<unsigned long long>(value_));
        return digits;
    }

  private:
    std::uint64_t value_;
};

}  // namespace tilde
