// SPDX-License-Identifier: MIT
/// @file passage_record.cpp  Passage and document records (de)serialized; key terms.
#include "passage_record.hpp"

#include <cstdio>

#include <tilde/errors.hpp>

#include "fnv1a.hpp"
#include "record_codec.hpp"
#include "schema.hpp"

namespace tilde {
namespace {

// The first byte of every record: the index format that wrote it; a compressed passage
// record has kCompressedRecord instead, then a zstd frame of the rest.
constexpr char kRecordVersion = 6;
constexpr char kCompressedRecord = 7;
// A document record with its date (format 7); format 6 wrote kRecordVersion and no date.
constexpr char kDatedDocumentRecord = 8;

void put_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

// Reads fields off the front of a record; any overrun is a corrupt record.
class Reader {
  public:
    explicit Reader(std::string_view data, char version = kRecordVersion) : data_(data) {
        if (data_.empty() || data_[0] != version) {
            corrupt();
        }
        data_.remove_prefix(1);
    }

    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (data_.empty()) {
                corrupt();
            }
            const auto byte = static_cast<unsigned char>(data_[0]);
            data_.remove_prefix(1);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) {
                return value;
            }
        }
        corrupt();
    }

    std::uint32_t u32() {
        const std::uint64_t value = varint();
        if (value > UINT32_MAX) {
            corrupt();
        }
        return static_cast<std::uint32_t>(value);
    }

    std::string_view bytes(std::uint64_t count) {
        if (count > data_.size()) {
            corrupt();
        }
        std::string_view out = data_.substr(0, count);
        data_.remove_prefix(count);
        return out;
    }

    std::string_view rest() const { return data_; }

  private:
    [[noreturn]] static void corrupt() {
        throw IndexCorrupt("a stored passage is damaged or was written by another format");
    }
    std::string_view data_;
};

// Xapian terms are at most 245 bytes; long ids keep their head and a hash of the whole.
std::string bounded_term(std::string_view prefix, const std::string& value) {
    std::string term(prefix);
    if (prefix.size() + value.size() <= kMaxTermBytes) {
        return term + value;
    }
    term.append(value, 0, kMaxTermBytes - prefix.size() - 17);
    term.push_back('~');
    term.append(Fnv1a(Fnv1a::kIndexTermBasis).add(value).hex());
    return term;
}

}  // namespace

std::string PassageRecord::serialize(const RecordCompressor* compressor) const {
    std::string out;
    out.reserve(text.size() + doc.size() + 32);
    out.push_back(kRecordVersion);
    put_varint(out, passage);
    put_varint(out, start);
    put_varint(out, end);
    put_varint(out, lang.size());
    out += lang;
    for (int byte = 0; byte < 8; ++byte) {  // little-endian on every host
        out.push_back(static_cast<char>((text_key >> (8 * byte)) & 0xff));
    }
    const std::uint32_t check = doc.empty() ? doc_check : document_check(doc);
    for (int byte = 0; byte < 4; ++byte) {
        out.push_back(static_cast<char>((check >> (8 * byte)) & 0xff));
    }
    out += text;
    if (compressor != nullptr) {
        std::string compressed = compressor->compress(std::string_view(out).substr(1));
        if (compressed.size() + 1 < out.size()) {
            return kCompressedRecord + compressed;
        }
    }
    return out;
}

PassageRecord PassageRecord::parse(std::string_view data) {
    std::string plain;
    if (!data.empty() && data[0] == kCompressedRecord) {
        plain = kRecordVersion + decompress_record(data.substr(1));
        data = plain;
    }
    Reader in(data);
    PassageRecord record;
    record.passage = in.u32();
    record.start = in.u32();
    record.end = in.u32();
    record.lang = in.bytes(in.varint());
    const std::string_view key = in.bytes(8);
    for (int byte = 7; byte >= 0; --byte) {
        record.text_key = (record.text_key << 8) | static_cast<unsigned char>(key[byte]);
    }
    const std::string_view check = in.bytes(4);
    for (int byte = 3; byte >= 0; --byte) {
        record.doc_check = (record.doc_check << 8) | static_cast<unsigned char>(check[byte]);
    }
    record.text = in.rest();
    return record;
}

std::string DocumentRecord::serialize() const {
    std::string out(1, kDatedDocumentRecord);
    put_varint(out, doc.size());
    out += doc;
    const std::string date = date_key.value_or(std::string());
    put_varint(out, date.size());
    out += date;
    out += title;
    return out;
}

DocumentRecord DocumentRecord::parse(std::string_view data) {
    const bool dated = !data.empty() && data[0] == kDatedDocumentRecord;
    Reader in(data, dated ? kDatedDocumentRecord : kRecordVersion);
    DocumentRecord record;
    record.doc = in.bytes(in.varint());
    if (dated) {
        record.date_key = std::string(in.bytes(in.varint()));
    }
    record.title = in.rest();
    return record;
}

std::string key_term(std::string_view prefix, std::uint64_t hash) {
    std::string term(prefix);
    for (int byte = 7; byte >= 0; --byte) {
        term.push_back(static_cast<char>((hash >> (8 * byte)) & 0xff));
    }
    return term;
}

std::uint64_t key_of(std::string_view term) {
    std::uint64_t hash = 0;
    for (size_t i = term.size() >= 8 ? term.size() - 8 : 0; i < term.size(); ++i) {
        hash = (hash << 8) | static_cast<unsigned char>(term[i]);
    }
    return hash;
}

std::string document_key(std::string_view doc) {
    return key_term(kDocPrefix, Fnv1a().add(doc).value());
}

std::uint32_t document_check(std::string_view doc) {
    return static_cast<std::uint32_t>(Fnv1a().add(doc).value());
}

std::string document_name_term(const std::string& doc) { return bounded_term(kDocNamePrefix, doc); }

std::string collection_name(std::string_view source) {
    std::string lower(source);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return lower;
}

std::string collection_term(std::string_view source) {
    return key_term(kCollectionPrefix, Fnv1a().add(collection_name(source)).value());
}

std::string indexed_text_term(std::uint64_t text_key) {
    return key_term(kIndexedTextPrefix, text_key);
}

std::string repeated_text_term(std::uint64_t text_key) {
    return key_term(kRepeatedTextPrefix, text_key);
}

}  // namespace tilde
