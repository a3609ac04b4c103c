// SPDX-License-Identifier: MIT
/// @file multiword_guard.hpp  Whether Apertium's analyser could read a word and the words after
/// it as one unit ("golpe de estado", "prime minister"), from the part of its transducer that
/// crosses a blank (made at build time by tilde-multiword-table).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "multiword_fingerprint.hpp"

namespace tilde {

/// One analyser's states that lead to a blank or follow one: arrays generated at build time.
struct MultiwordTable {
    struct Section {
        std::uint32_t states;
        const std::uint32_t* first_arc;  // per state, then the end
        const char32_t* symbol;          // lower case; 0 reads nothing
        const std::uint32_t* target;
        const unsigned char* final_state;
    };
    std::uint64_t file_size;  // the .automorf.bin it was made from
    std::uint64_t file_hash;
    const Section* sections;
    std::size_t section_count;
};

namespace multiword_tables {
extern const MultiwordTable spanish;  ///< spa-eng.automorf.bin
extern const MultiwordTable english;  ///< eng-spa.automorf.bin
}  // namespace multiword_tables

class MultiwordGuard {
  public:
    explicit MultiwordGuard(const MultiwordTable& table) : table_(table) {}

    /// Whether the table was made from the analyser file with this fingerprint (else it says
    /// nothing about that analyser).
    [[nodiscard]] bool made_from(const MultiwordFingerprint& file) const {
        return table_.section_count > 0 && file.size == table_.file_size &&
               file.hash == table_.file_hash;
    }

    /// Where the analyser is after reading a word and a blank: in each section of its
    /// transducer, the states it may be in (none, for most words: nothing goes on from them).
    struct AfterBlank {
        std::vector<std::pair<std::size_t, std::vector<std::uint32_t>>> states;  // by section
    };
    [[nodiscard]] AfterBlank after_blank(std::string_view word) const;

    /// Whether the analyser, `after` a word and its blank, could read on into `following`
    /// (the next words, a blank apart) and end the word's unit there. False means the word is
    /// a unit of its own, as it is alone. Errs towards true: case is ignored, a unit is taken
    /// to end at any final state, and one still going where `following` ends may end later.
    [[nodiscard]] bool reads_on(const AfterBlank& after,
                                std::span<const std::string> following) const;

    /// Whether `word` and `next` could be read as (the start of) one unit.
    [[nodiscard]] bool may_join(std::string_view word, std::string_view next) const {
        const std::string following[] = {std::string(next)};
        return reads_on(after_blank(word), following);
    }

  private:
    const MultiwordTable& table_;
};

}  // namespace tilde
