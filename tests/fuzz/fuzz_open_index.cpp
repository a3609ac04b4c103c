// SPDX-License-Identifier: MIT
/// @file fuzz_open_index.cpp  Any bytes as the parts of an index that opening trusts (issue
/// #20): a stub file, the index's metadata, a passage's stored record. Opening and searching
/// must end in results or a tilde::Error, never a crash, a hang or a Xapian exception.
///
/// The first byte picks what the rest becomes:
///   0: the text of a stub file `stub` (and, after a NUL, of a second stub `other`), in a
///      folder where `real` is a small tilde index; lines naming remote servers are parsed
///      but never connected to.
///   1: metadata entries set on a copy of that index: [key length][key][value length, 2 bytes
///      little-endian][value], repeated.
///   2: [choice][bytes]: the choice's low 4 bits pick a document, its high bits whether the
///      bytes become its data (the passage record) or one of its value slots (the document
///      record, the date, ...).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include <xapian.h>

#include <tilde/tilde.hpp>

#include "fuzz_support.hpp"
#include "index_layout.hpp"
#include "shard_stub.hpp"

namespace fs = std::filesystem;

namespace {

fs::path g_work;      // this process's scratch folder
fs::path g_template;  // a small real index, never changed

void remove_work() { fs::remove_all(g_work); }

void write_file(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Searches as a user would; a tilde::Error is a fine answer, anything else escapes.
void open_and_search(const fs::path& index) {
    try {
        tilde::Searcher searcher(index);
        (void)searcher.info();
        for (const char* query : {"guaido", "secret meetings", "title:guaidó", "maduro -lima"}) {
            tilde::SearchOptions options;
            options.limit = 3;
            options.explain = true;
            tilde::SearchResults results = searcher.search(query, options);
            for (const tilde::Hit& hit : results.hits) {
                for (const tilde::ByteRange& range : hit.highlights) {
                    tilde::fuzz::check(range.end <= hit.text.size(), "highlight past the text");
                }
            }
        }
    } catch (const tilde::Error&) {
    }
}

void fuzz_stubs(std::string_view payload) {
    const size_t nul = payload.find('\0');
    const fs::path stub = g_work / "stub";
    write_file(stub, payload.substr(0, nul));
    write_file(g_work / "other", nul == std::string_view::npos ? "" : payload.substr(nul + 1));
    try {
        std::optional<tilde::ShardStub> shards = tilde::read_shard_stub(stub);
        if (shards) {
            for (const tilde::ShardLocation& shard : shards->shards) {
                if (shard.remote()) {
                    return;  // stays offline: connecting is the shards tests' job
                }
            }
        }
    } catch (const tilde::Error&) {
        return;
    }
    if (payload.find("remote") != std::string_view::npos) {
        return;  // a nested stub may name a server too
    }
    open_and_search(stub);
}

// A fresh copy of the template and its current generation (the glass database).
fs::path copy_template() {
    const fs::path copy = g_work / "copy.idx";
    fs::remove_all(copy);
    fs::copy(g_template, copy, fs::copy_options::recursive);
    return copy;
}

void fuzz_metadata(std::string_view payload) {
    const fs::path copy = copy_template();
    {
        Xapian::WritableDatabase db(tilde::current_generation(copy)->string(),
                                    Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
        size_t at = 0;
        while (at < payload.size()) {
            const size_t key_length = static_cast<uint8_t>(payload[at++]);
            std::string key(payload.substr(at, key_length));
            at += key.size();
            size_t value_length = 0;
            for (int shift = 0; shift < 16 && at < payload.size(); shift += 8) {
                value_length |= size_t{static_cast<uint8_t>(payload[at++])} << shift;
            }
            std::string value(payload.substr(std::min(at, payload.size()), value_length));
            at += value.size();
            if (!key.empty() && key.size() <= 200) {  // Xapian's own limit on keys
                db.set_metadata(key, value);
            }
        }
        db.commit();
    }
    open_and_search(copy);
}

void fuzz_record(std::string_view payload) {
    if (payload.empty()) {
        return;
    }
    const fs::path copy = copy_template();
    {
        Xapian::WritableDatabase db(tilde::current_generation(copy)->string(),
                                    Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
        const Xapian::docid last = db.get_lastdocid();
        const auto choice = static_cast<uint8_t>(payload[0]);
        const Xapian::docid docid = 1 + (choice & 15U) % last;
        Xapian::Document document = db.get_document(docid);
        const Xapian::valueno slot = (choice >> 4U) % 5;
        if (slot == 4) {
            document.set_data(std::string(payload.substr(1)));
        } else {
            document.add_value(slot, std::string(payload.substr(1)));
        }
        db.replace_document(docid, document);
        db.commit();
    }
    open_and_search(copy);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    g_work = fs::temp_directory_path() / ("tilde-fuzz-open-" + std::to_string(getpid()));
    fs::remove_all(g_work);
    fs::create_directories(g_work);
    std::atexit(remove_work);
    g_template = g_work / "real";
    tilde::fuzz::write_sample_index(g_template);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::string_view payload(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            fuzz_stubs(payload);
            break;
        case 1:
            fuzz_metadata(payload);
            break;
        default:
            fuzz_record(payload);
            break;
    }
    return 0;
}
