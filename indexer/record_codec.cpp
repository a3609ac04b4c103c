// SPDX-License-Identifier: MIT
/// @file record_codec.cpp  zstd with trained dictionaries, for passage records.
#include "record_codec.hpp"

#include <map>
#include <mutex>
#include <shared_mutex>

// The magicless frame format and ZSTD_getFrameHeader_advanced() are zstd's "experimental"
// API: stable in the 1.5 series Debian ships.
#define ZSTD_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

#include <tilde/errors.hpp>

#include "schema.hpp"

namespace tilde {
namespace {

// Level 6's table sizes with its lazy match search replaced by a greedy one: records come out
// 1% bigger than level 6's, compressed 2-3 times faster (bench/README.md, issue #16).
constexpr int kLevel = 6;
ZSTD_compressionParameters record_parameters(size_t dictionary_bytes) {
    ZSTD_compressionParameters parameters = ZSTD_getCParams(kLevel, 0, dictionary_bytes);
    parameters.strategy = ZSTD_greedy;
    return parameters;
}
constexpr size_t kDictionaryBytes = 256 * 1024;  // 3% smaller records than zstd's default 110 kB
constexpr size_t kMinSampleBytes = 128 * 1024;   // below this a dictionary is mostly noise

// Decompression dictionaries by id, for every index this process opened.
struct Registry {
    std::shared_mutex mutex;
    std::map<std::uint32_t, std::pair<std::string, ZSTD_DDict*>> dictionaries;
    ~Registry() {
        for (auto& [id, entry] : dictionaries) {
            ZSTD_freeDDict(entry.second);
        }
    }
};

Registry& registry() {
    static Registry instance;
    return instance;
}

struct ContextDeleter {
    void operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }
    void operator()(ZSTD_DCtx* context) const { ZSTD_freeDCtx(context); }
};

}  // namespace

struct RecordCompressor::Impl {
    ZSTD_CDict* dictionary = nullptr;
    ~Impl() { ZSTD_freeCDict(dictionary); }
};

RecordCompressor::RecordCompressor(std::string dictionary)
    : dictionary_(std::move(dictionary)), impl_(std::make_unique<Impl>()) {
    id_ = ZDICT_getDictID(dictionary_.data(), dictionary_.size());
    impl_->dictionary = ZSTD_createCDict_advanced(
        dictionary_.data(), dictionary_.size(), ZSTD_dlm_byCopy, ZSTD_dct_auto,
        record_parameters(dictionary_.size()), ZSTD_defaultCMem);
    if (id_ == 0 || impl_->dictionary == nullptr) {
        throw IoError("not a zstd dictionary");
    }
    register_record_dictionary(dictionary_);
}

RecordCompressor::~RecordCompressor() = default;

// A record is a few hundred bytes, so the frame carries no magic number and no dictionary id
// (8 bytes less each): the record names its dictionary itself, as a varint before the frame.
std::string RecordCompressor::compress(std::string_view bytes) const {
    thread_local std::unique_ptr<ZSTD_CCtx, ContextDeleter> context(ZSTD_createCCtx());
    ZSTD_CCtx* cctx = context.get();
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_format, ZSTD_f_zstd1_magicless);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, 0);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1);
    ZSTD_CCtx_refCDict(cctx, impl_->dictionary);
    std::string out;
    std::uint32_t id = id_;
    while (id >= 0x80) {
        out.push_back(static_cast<char>((id & 0x7f) | 0x80));
        id >>= 7;
    }
    out.push_back(static_cast<char>(id));
    const size_t header = out.size();
    out.resize(header + ZSTD_compressBound(bytes.size()));
    const size_t size =
        ZSTD_compress2(cctx, out.data() + header, out.size() - header, bytes.data(), bytes.size());
    if (ZSTD_isError(size)) {
        throw IoError(std::string("cannot compress a passage: ") + ZSTD_getErrorName(size));
    }
    out.resize(header + size);
    return out;
}

std::string train_record_dictionary(const std::vector<std::string>& samples) {
    std::string joined;
    std::vector<size_t> sizes;
    for (const std::string& sample : samples) {
        joined += sample;
        sizes.push_back(sample.size());
    }
    if (joined.size() < kMinSampleBytes || samples.size() < 100) {
        return {};
    }
    std::string dictionary(kDictionaryBytes, '\0');
    const size_t size = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), joined.data(),
                                              sizes.data(), static_cast<unsigned>(sizes.size()));
    if (ZDICT_isError(size)) {
        return {};  // too little to learn from: records stay plain
    }
    dictionary.resize(size);
    return dictionary;
}

void register_record_dictionary(std::string_view dictionary) {
    const std::uint32_t id = ZDICT_getDictID(dictionary.data(), dictionary.size());
    if (id == 0) {
        throw IoError("not a zstd dictionary");
    }
    Registry& known = registry();
    std::unique_lock lock(known.mutex);
    auto it = known.dictionaries.find(id);
    if (it != known.dictionaries.end()) {
        if (it->second.first != dictionary) {
            throw IoError("two indexes hold different dictionaries with the same id " +
                          std::to_string(id) + "; open them in separate processes");
        }
        return;
    }
    ZSTD_DDict* ready = ZSTD_createDDict(dictionary.data(), dictionary.size());
    if (ready == nullptr) {
        throw IoError("not a zstd dictionary");
    }
    known.dictionaries.emplace(id, std::make_pair(std::string(dictionary), ready));
}

std::string decompress_record(std::string_view frame) {
    auto damaged = [](const std::string& why) {
        return IndexCorrupt("a stored passage cannot be read: " + why);
    };
    std::uint32_t id = 0;
    for (int shift = 0;; shift += 7) {
        if (frame.empty() || shift > 28) {
            throw damaged("not a compressed record");
        }
        const auto byte = static_cast<unsigned char>(frame[0]);
        frame.remove_prefix(1);
        id |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) {
            break;
        }
    }
    ZSTD_frameHeader header{};
    if (ZSTD_getFrameHeader_advanced(&header, frame.data(), frame.size(), ZSTD_f_zstd1_magicless) !=
            0 ||
        header.frameContentSize == ZSTD_CONTENTSIZE_UNKNOWN ||
        header.frameContentSize > (1u << 30)) {
        throw damaged("not a compressed record");
    }
    Registry& known = registry();
    std::shared_lock lock(known.mutex);
    auto it = known.dictionaries.find(id);
    if (it == known.dictionaries.end()) {
        throw damaged("its dictionary " + std::to_string(id) + " is not in the index");
    }
    thread_local std::unique_ptr<ZSTD_DCtx, ContextDeleter> context(ZSTD_createDCtx());
    ZSTD_DCtx* dctx = context.get();
    ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
    ZSTD_DCtx_setParameter(dctx, ZSTD_d_format, ZSTD_f_zstd1_magicless);
    ZSTD_DCtx_refDDict(dctx, it->second.second);
    std::string out(header.frameContentSize, '\0');
    const size_t made =
        ZSTD_decompressDCtx(dctx, out.data(), out.size(), frame.data(), frame.size());
    if (ZSTD_isError(made) || made != out.size()) {
        throw damaged(ZSTD_isError(made) ? ZSTD_getErrorName(made) : "short");
    }
    return out;
}

std::string dictionary_key(std::uint32_t id) {
    return std::string(kMetaDictionaryPrefix) + std::to_string(id);
}

std::shared_ptr<const RecordCompressor> register_index_dictionaries(const Xapian::Database& db) {
    const std::string prefix(kMetaDictionaryPrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
        register_record_dictionary(db.get_metadata(*it));
    }
    const std::string current = db.get_metadata(std::string(kMetaDictionary));
    if (current.empty()) {
        return nullptr;
    }
    return std::make_shared<RecordCompressor>(db.get_metadata(current));
}

}  // namespace tilde
