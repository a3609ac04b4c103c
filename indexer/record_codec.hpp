// SPDX-License-Identifier: MIT
/// @file record_codec.hpp  Passage records compressed with zstd and a dictionary trained on the
/// corpus's own passages: a passage is a few hundred bytes, too short for a compressor to
/// find its repeats alone; with a dictionary of the corpus's common words and phrases it
/// shrinks to about half. An index keeps its dictionaries in metadata (kMetaDictionaryPrefix);
/// a compressed record names its dictionary (the zstd frame's dictionary id).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace tilde {

/// A trained dictionary, ready to compress with (thread-safe: any number of threads).
class RecordCompressor {
  public:
    /// @throws IoError if `dictionary` is not a zstd dictionary
    explicit RecordCompressor(std::string dictionary);
    ~RecordCompressor();
    RecordCompressor(const RecordCompressor&) = delete;
    RecordCompressor& operator=(const RecordCompressor&) = delete;

    [[nodiscard]] std::uint32_t id() const { return id_; }
    [[nodiscard]] const std::string& dictionary() const { return dictionary_; }

    /// `bytes` compressed (a zstd frame naming this dictionary).
    [[nodiscard]] std::string compress(std::string_view bytes) const;

  private:
    std::string dictionary_;
    std::uint32_t id_ = 0;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// A dictionary trained on `samples` (passage texts), or "" when they are too few to train
/// one worth having.
[[nodiscard]] std::string train_record_dictionary(const std::vector<std::string>& samples);

/// Makes the dictionary known to decompress_record() (an index's dictionaries are registered
/// when it is opened). Thread-safe; registering the same dictionary again is harmless.
/// @throws IoError if it is not a zstd dictionary
void register_record_dictionary(std::string_view dictionary);

/// The bytes compress() made. @throws IndexCorrupt if they are damaged or name a dictionary
/// not registered.
[[nodiscard]] std::string decompress_record(std::string_view frame);

/// The metadata key of dictionary `id` ("tilde:dict:123456").
[[nodiscard]] std::string dictionary_key(std::uint32_t id);

/// Registers the dictionaries `db` holds; returns the one it compresses new records with
/// (kMetaDictionary), or null.
std::shared_ptr<const RecordCompressor> register_index_dictionaries(const Xapian::Database& db);

}  // namespace tilde
