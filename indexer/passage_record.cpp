// SPDX-License-Identifier: MIT
/// @file passage_record.cpp  Passage data (de)serialization and key terms.
#include "passage_record.hpp"

#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>

#include "fnv1a.hpp"
#include "schema.hpp"

namespace tilde {
namespace {

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

std::string PassageRecord::serialize() const {
    nlohmann::json j = {{"d", doc}, {"t", title}, {"n", passage}, {"s", start},
                        {"e", end}, {"l", lang},  {"x", text}};
    // Replace invalid UTF-8 rather than throw: the text came from a file we could not vouch for.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

PassageRecord PassageRecord::parse(const std::string& data) {
    nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        throw IndexCorrupt("passage data is not a tilde record");
    }
    PassageRecord record;
    record.doc = j.value("d", "");
    record.title = j.value("t", "");
    record.passage = j.value("n", 0u);
    record.start = j.value("s", 0u);
    record.end = j.value("e", 0u);
    record.lang = j.value("l", "");
    record.text = j.value("x", "");
    return record;
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

}  // namespace tilde
