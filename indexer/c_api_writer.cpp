// SPDX-License-Identifier: MIT
/// @file c_api_writer.cpp  The C API's indexing half, over tilde::IndexWriter.
#include <filesystem>
#include <memory>
#include <vector>

#include <tilde/errors.hpp>
#include <tilde/index_job.hpp>
#include <tilde/index_writer.hpp>

#include "c_api_support.hpp"

struct tilde_writer {
    std::unique_ptr<tilde::IndexWriter> writer;
};

extern "C" {

tilde_status tilde_writer_open(const char* path, const char* lang, tilde_writer** writer) {
    if (writer == nullptr || tilde::capi::missing(path)) {
        return tilde::capi::fail(TILDE_ERROR_USAGE,
                                 "tilde_writer_open: path and writer are required");
    }
    *writer = nullptr;
    return tilde::capi::guard([&] {
        tilde::IndexWriterOptions options;
        if (lang != nullptr) {
            options.lang = lang;
        }
        auto handle = std::make_unique<tilde_writer>();
        handle->writer = std::make_unique<tilde::IndexWriter>(path, options);
        *writer = handle.release();
    });
}

tilde_status tilde_writer_add(tilde_writer* writer, const char* id, const char* title,
                              const char* text, const char* lang, const char* date,
                              const char* source) {
    if (writer == nullptr || tilde::capi::missing(id) || tilde::capi::missing(text)) {
        return tilde::capi::fail(TILDE_ERROR_USAGE,
                                 "tilde_writer_add: writer, id and text are required");
    }
    auto or_empty = [](const char* value) { return value == nullptr ? "" : value; };
    return tilde::capi::guard([&] {
        writer->writer->add_document(
            {id, or_empty(title), text, or_empty(lang), or_empty(date), or_empty(source)});
    });
}

tilde_status tilde_writer_commit(tilde_writer* writer) {
    if (writer == nullptr) {
        return tilde::capi::fail(TILDE_ERROR_USAGE, "tilde_writer_commit: no writer");
    }
    return tilde::capi::guard([&] { writer->writer->commit(); });
}

tilde_status tilde_writer_index_paths(tilde_writer* writer, const char* const* paths, size_t count,
                                      int prune, tilde_index_summary* summary) {
    if (writer == nullptr || (count > 0 && paths == nullptr)) {
        return tilde::capi::fail(TILDE_ERROR_USAGE,
                                 "tilde_writer_index_paths: writer and paths are required");
    }
    return tilde::capi::guard([&] {
        std::vector<std::filesystem::path> list;
        for (size_t i = 0; i < count; ++i) {
            if (tilde::capi::missing(paths[i])) {
                throw tilde::UsageError("tilde_writer_index_paths: path " + std::to_string(i) +
                                        " is empty");
            }
            list.emplace_back(paths[i]);
        }
        tilde::IndexJobOptions options;
        options.prune = prune != 0;
        const tilde::IndexStats before = writer->writer->stats();
        const tilde::IndexJobSummary done = tilde::index_paths(*writer->writer, list, options);
        const tilde::IndexStats after = writer->writer->stats();
        if (summary != nullptr) {
            *summary = {done.files,
                        done.unchanged,
                        done.pruned,
                        done.skipped,
                        after.documents - before.documents,
                        after.passages - before.passages};
        }
    });
}

tilde_status tilde_writer_close(tilde_writer* writer) {
    if (writer == nullptr) {
        return TILDE_OK;
    }
    // Commit here, where an error can be reported; the destructor would swallow it.
    tilde_status status = tilde_writer_commit(writer);
    delete writer;
    return status;
}

}  // extern "C"
