// SPDX-License-Identifier: MIT
/// @file passage_record.hpp  What a passage stores (value slots, schema.hpp): its passage
/// record on every passage, and the document record on the first passage of each document.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tilde {

/// The stored fields of one passage (binary: a version byte, varints, the text last).
struct PassageRecord {
    std::string doc;
    std::uint32_t passage = 0;  ///< from 1
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    std::string lang;
    std::uint64_t text_key = 0;  ///< hash of the folded words (the T/R term's digits)
    std::string text;

    [[nodiscard]] std::string serialize() const;
    /// @throws IndexCorrupt if `data` is not a passage record.
    static PassageRecord parse(std::string_view data);
};

/// What a document stores once, on its first passage: its title.
struct DocumentRecord {
    std::string title;

    [[nodiscard]] std::string serialize() const;
    /// @throws IndexCorrupt if `data` is not a document record.
    static DocumentRecord parse(std::string_view data);
};

/// The term all passages of document `doc` carry (for replacing the document).
[[nodiscard]] std::string document_key(const std::string& doc);

/// The term of a collection or publisher ("Al Jazeera" -> "Kal jazeera"): lower-cased ASCII.
[[nodiscard]] std::string collection_term(std::string_view source);

/// The T term of the searchable copy of a text, and the R term of its other copies.
[[nodiscard]] std::string indexed_text_term(std::uint64_t text_key);
[[nodiscard]] std::string repeated_text_term(std::uint64_t text_key);

}  // namespace tilde
