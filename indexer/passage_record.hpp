// SPDX-License-Identifier: MIT
/// @file passage_record.hpp  What a passage stores in its Xapian document data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tilde {

/// The stored fields of one passage (serialized as a small JSON object).
struct PassageRecord {
    std::string doc;
    std::string title;
    std::uint32_t passage = 0;  ///< from 1
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    std::string lang;
    std::string text;

    [[nodiscard]] std::string serialize() const;
    /// @throws IndexCorrupt if `data` is not a passage record.
    static PassageRecord parse(const std::string& data);
};

/// The term all passages of document `doc` carry (for replacing the document).
[[nodiscard]] std::string document_key(const std::string& doc);

/// The term of a collection or publisher ("Al Jazeera" -> "Kal jazeera"): lower-cased ASCII.
[[nodiscard]] std::string collection_term(std::string_view source);

}  // namespace tilde
