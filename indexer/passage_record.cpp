// SPDX-License-Identifier: MIT
/// @file passage_record.cpp  Passage and document records (de)serialized; key terms.
#include "passage_record.hpp"

#include <cstdio>

#include <tilde/errors.hpp>

#include "fnv1a.hpp"
#include "schema.hpp"

namespace tilde {
namespace {

// The first byte of every record: the index format that wrote it.
constexpr char kRecordVersion = 6;

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
    explicit Reader(std::string_view data) : data_(data) {
        if (data_.empty() || data_[0] != kRecordVersion) {
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

std::string text_term(std::string_view prefix, std::uint64_t key) {
    char digits[17];
    std::snprintf(digits, sizeof digits, "%016llx", static_cast<unsigned long long>(key));
    return prefixed(prefix, digits);
}

}  // namespace

std::string PassageRecord::serialize() const {
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
    put_varint(out, doc.size());
    out += doc;
    out += text;
    return out;
}

PassageRecord PassageRecord::parse(std::string_view data) {
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
    record.doc = in.bytes(in.varint());
    record.text = in.rest();
    return record;
}

std::string DocumentRecord::serialize() const {
    std::string out(1, kRecordVersion);
    out += title;
    return out;
}

DocumentRecord DocumentRecord::parse(std::string_view data) {
    Reader in(data);
    return {std::string(in.rest())};
}

std::string document_key(const std::string& doc) { return bounded_term(kDocPrefix, doc); }

std::string collection_term(std::string_view source) {
    std::string lower(source);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return bounded_term(kCollectionPrefix, lower);
}

std::string indexed_text_term(std::uint64_t text_key) {
    return text_term(kIndexedTextPrefix, text_key);
}

std::string repeated_text_term(std::uint64_t text_key) {
    return text_term(kRepeatedTextPrefix, text_key);
}

}  // namespace tilde
