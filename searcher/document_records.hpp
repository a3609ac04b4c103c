// SPDX-License-Identifier: MIT
/// @file document_records.hpp  The document a passage belongs to (id, title), read from its
/// first passage and cached for one revision of the index.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "index_reader.hpp"
#include "passage_record.hpp"

namespace tilde {

class DocumentRecords {
  public:
    explicit DocumentRecords(const IndexReader& reader) : reader_(reader) {}

    /// The document of the passage `docid` whose record is `record`: its first passage holds
    /// the id and title, `passage - 1` passages before it. An empty record if none is found.
    const DocumentRecord& of(Xapian::docid docid, const PassageRecord& record) const;

    /// Reads the documents of these passages ahead, in docid order through one value stream:
    /// its cursor keeps the B-tree's upper levels from one read to the next, where reads in
    /// rank order alternate with the passage records' and each starts over.
    void read_ahead(
        const std::vector<std::pair<Xapian::docid, const PassageRecord*>>& passages) const;

  private:
    [[nodiscard]] Xapian::docid first_passage(Xapian::docid docid,
                                              const PassageRecord& record) const;
    const DocumentRecord* cached(Xapian::docid first, const PassageRecord& record) const;
    const DocumentRecord& remember(Xapian::docid first, DocumentRecord document) const;

    const IndexReader& reader_;
    // The first passage's docid -> its document record, for one revision.
    mutable std::unordered_map<Xapian::docid, DocumentRecord> documents_;
    mutable std::uint64_t revision_ = static_cast<std::uint64_t>(-1);
};

}  // namespace tilde
