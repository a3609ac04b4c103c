// SPDX-License-Identifier: MIT
/// @file passage_record.hpp  What a passage stores (value slots, schema.hpp): its passage
/// record on every passage, and the document record on the first passage of each document.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tilde {

class RecordCompressor;

/// The stored fields of one passage (binary: a version byte, varints, the text last). The
/// document id is not stored with every passage: its first passage holds it (DocumentRecord),
/// `passage - 1` passages before this one (a document's passages are added together, so their
/// docids run on), and `doc_check` confirms it is the right one.
struct PassageRecord {
    std::string doc;              ///< not stored: filled in by whoever knows it
    std::uint32_t doc_check = 0;  ///< the low 32 bits of document_key()'s hash of `doc`
    std::uint32_t passage = 0;    ///< from 1
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    std::string lang;
    std::uint64_t text_key = 0;  ///< hash of the folded words (the T/R term's digits)
    std::string text;

    /// With a compressor, compressed (when that is smaller).
    [[nodiscard]] std::string serialize(const RecordCompressor* compressor = nullptr) const;
    /// @throws IndexCorrupt if `data` is not a passage record, or names a dictionary not
    ///         registered (record_codec.hpp).
    static PassageRecord parse(std::string_view data);
};

/// What a document stores once, on its first passage: its id, title and date.
struct DocumentRecord {
    std::string doc;
    std::string title;
    /// Its date as kSlotDate holds it ("20190130"), empty when it has none; unset in a record
    /// of format 6, which kept it in the slot only (a hit read it there: a block read each).
    std::optional<std::string> date_key;

    [[nodiscard]] std::string serialize() const;
    /// @throws IndexCorrupt if `data` is not a document record.
    static DocumentRecord parse(std::string_view data);
};

/// PREFIX + the 8 bytes of `hash`, big-endian: the key terms.
[[nodiscard]] std::string key_term(std::string_view prefix, std::uint64_t hash);

/// The hash a key term carries (its last 8 bytes).
[[nodiscard]] std::uint64_t key_of(std::string_view term);

/// The term all passages of document `doc` carry (for replacing the document).
[[nodiscard]] std::string document_key(std::string_view doc);

/// PassageRecord::doc_check for document `doc`.
[[nodiscard]] std::uint32_t document_check(std::string_view doc);

/// The term of the first passage that names document `doc` (bounded; `doc:` prefixes).
[[nodiscard]] std::string document_name_term(const std::string& doc);

/// A collection or publisher's name as stored: lower-cased ASCII ("Al Jazeera" -> "al jazeera").
[[nodiscard]] std::string collection_name(std::string_view source);

/// The term of a collection or publisher.
[[nodiscard]] std::string collection_term(std::string_view source);

/// The T term of the searchable copy of a text, and the R term of its other copies.
[[nodiscard]] std::string indexed_text_term(std::uint64_t text_key);
[[nodiscard]] std::string repeated_text_term(std::uint64_t text_key);

}  // namespace tilde
