// SPDX-License-Identifier: MIT
/// @file document_records.cpp  Document records by passage, read ahead in docid order.
#include "document_records.hpp"

#include <algorithm>
#include <optional>

#include "schema.hpp"

namespace tilde {

// A document's passages are written together, so their docids run on in the database that
// holds them; several databases searched as one interleave their docids.
Xapian::docid DocumentRecords::first_passage(Xapian::docid docid,
                                             const PassageRecord& record) const {
    const Xapian::docid back =
        (record.passage - 1) * std::max<Xapian::docid>(1, reader_.subdatabases());
    return back < docid ? docid - back : docid;
}

const DocumentRecord* DocumentRecords::cached(Xapian::docid first,
                                              const PassageRecord& record) const {
    if (revision_ != reader_.revision()) {
        documents_.clear();  // docids may have moved: another revision or generation
        revision_ = reader_.revision();
    }
    auto found = documents_.find(first);
    return found != documents_.end() && document_check(found->second.doc) == record.doc_check
               ? &found->second
               : nullptr;
}

const DocumentRecord& DocumentRecords::remember(Xapian::docid first,
                                                DocumentRecord document) const {
    constexpr size_t kMaxCached = 4096;  // a page often shows several passages of one document
    if (documents_.size() >= kMaxCached) {
        documents_.clear();
    }
    return documents_.insert_or_assign(first, std::move(document)).first->second;
}

const DocumentRecord& DocumentRecords::of(Xapian::docid docid, const PassageRecord& record) const {
    const Xapian::docid step = std::max<Xapian::docid>(1, reader_.subdatabases());
    const Xapian::docid first = first_passage(docid, record);
    if (const DocumentRecord* known = cached(first, record)) {
        return *known;
    }
    auto found = [&](Xapian::docid at) -> std::optional<DocumentRecord> {
        const std::string value =
            reader_.db().get_document(at, Xapian::DOC_ASSUME_VALID).get_value(kSlotDocument);
        if (value.empty()) {
            return std::nullopt;
        }
        DocumentRecord document = DocumentRecord::parse(value);
        if (document_check(document.doc) != record.doc_check) {
            return std::nullopt;
        }
        return document;
    };
    std::optional<DocumentRecord> document;
    try {
        document = found(first);
    } catch (const Xapian::DocNotFoundError&) {
    }
    // Not where it should be: look back passage by passage (never seen; a safety net).
    for (Xapian::docid at = docid; !document && at > 0; at = at > step ? at - step : 0) {
        try {
            document = found(at);
        } catch (const Xapian::DocNotFoundError&) {
        }
    }
    return remember(first, document.value_or(DocumentRecord{}));
}

void DocumentRecords::read_ahead(
    const std::vector<std::pair<Xapian::docid, const PassageRecord*>>& passages) const {
    if (reader_.remote()) {
        return;  // MSet::fetch() brought the documents already
    }
    std::vector<std::pair<Xapian::docid, std::uint32_t>> wanted;  // (first passage, check)
    for (const auto& [docid, record] : passages) {
        const Xapian::docid first = first_passage(docid, *record);
        if (!cached(first, *record)) {
            wanted.emplace_back(first, record->doc_check);
        }
    }
    if (wanted.size() < 2) {
        return;  // one read costs the same either way
    }
    std::sort(wanted.begin(), wanted.end());
    const Xapian::Database& db = reader_.db();
    Xapian::ValueIterator values = db.valuestream_begin(kSlotDocument);
    for (const auto& [first, check] : wanted) {
        if (values == db.valuestream_end(kSlotDocument)) {
            return;
        }
        values.skip_to(first);
        if (values != db.valuestream_end(kSlotDocument) && values.get_docid() == first) {
            DocumentRecord document = DocumentRecord::parse(*values);
            if (document_check(document.doc) == check) {
                remember(first, std::move(document));
            }
        }
    }
}

}  // namespace tilde
