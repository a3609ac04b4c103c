// SPDX-License-Identifier: MIT
/// @file passages.cpp  Reads the passages out of a tilde index, for the peers to index.
#include <xapian.h>

#include <tilde/errors.hpp>

#include "passage_record.hpp"
#include "peers.hpp"
#include "record_codec.hpp"
#include "schema.hpp"

namespace tilde::bench {

std::vector<PeerPassage> load_passages(const std::filesystem::path& tilde_index) {
    std::vector<PeerPassage> passages;
    try {
        Xapian::Database db(tilde_index.string());
        (void)register_index_dictionaries(db);  // records are compressed with them
        passages.reserve(db.get_doccount());
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            PassageRecord record =
                PassageRecord::parse(db.get_document(*it).get_value(kSlotRecord));
            passages.push_back({std::move(record.lang), std::move(record.text)});
        }
    } catch (const Xapian::Error& error) {
        throw IndexCorrupt("cannot read passages from '" + tilde_index.string() +
                           "': " + error.get_description());
    }
    if (passages.empty()) {
        throw UsageError("'" + tilde_index.string() + "' holds no passages");
    }
    return passages;
}

}  // namespace tilde::bench
