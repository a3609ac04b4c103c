// SPDX-License-Identifier: MIT
/// @file index_job.cpp  Files and folders into an index, skipping what it already holds.
#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>

#include <tilde/errors.hpp>
#include <tilde/index_job.hpp>

#include "corpus_reader.hpp"
#include "passage_sampler.hpp"

namespace tilde {
namespace fs = std::filesystem;
namespace {

// What the index records of a file, as far as a stat tells: canonical path, size, time.
std::optional<SourceFile> describe_file(const fs::path& path) {
    std::error_code ec;
    SourceFile file;
    file.path = fs::canonical(path, ec).string();
    file.size = fs::file_size(path, ec);
    auto time = fs::last_write_time(path, ec);
    if (ec) {
        return std::nullopt;
    }
    file.mtime_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
    return file;
}

std::string lines(std::uint64_t count) {
    return std::to_string(count) + (count == 1 ? " line was" : " lines were");
}

}  // namespace

IndexJobSummary index_paths(IndexWriter& writer, const std::vector<fs::path>& paths,
                            const IndexJobOptions& options) {
    IndexJobSummary summary;
    CorpusStats corpus;
    CorpusCallbacks callbacks;
    callbacks.on_warning = options.on_warning;
    callbacks.part_bytes = options.part_bytes;
    callbacks.max_whole_bytes = options.max_whole_bytes;
    auto warn = [&](const std::string& message) {
        if (options.on_warning) {
            options.on_warning(message);
        }
    };

    // Which files to read: a file unchanged since its record is skipped; one whose time
    // alone changed is read once to tell a touched file from a changed one.
    struct Planned {
        CorpusFile file;
        std::optional<SourceFile> now;
    };
    std::vector<Planned> planned;
    IndexProgress progress;
    for (CorpusFile& file : list_corpus(paths, callbacks, corpus)) {
        std::optional<SourceFile> now = describe_file(file.path);
        std::optional<SourceFile> before = now ? writer.source_file(now->path) : std::nullopt;
        bool unchanged = before && before->size == now->size && before->mtime_ns == now->mtime_ns;
        if (!unchanged && before && before->size == now->size) {
            now->content_hash = content_hash(file.path);
            if (now->content_hash == before->content_hash) {
                now->skipped = before->skipped;
                writer.end_source(*now);  // touched, not changed: remember the new time
                unchanged = true;
            }
        }
        if (unchanged) {
            ++summary.unchanged;
            if (before->skipped > 0) {
                ++summary.incomplete;
                warn(file.path.string() + ": " + lines(before->skipped) +
                     " skipped when it was indexed; fix them, and the next run reads it again");
            }
            continue;
        }
        progress.bytes_total += now ? now->size : 0;
        planned.push_back({std::move(file), std::move(now)});
    }
    progress.files_total = planned.size();
    if (writer.wants_compression_samples() && !planned.empty()) {
        std::vector<CorpusFile> files;
        for (const Planned& entry : planned) {
            files.push_back(entry.file);
        }
        writer.train_compression(sample_passages(files, options.compression_sample_bytes,
                                                 options.part_bytes, options.max_whole_bytes,
                                                 writer.threads()));
    }
    writer.expect_bytes(progress.bytes_total);

    // A write that fails ends the run; the reader, which warns about files it cannot read
    // and goes on, must not take it for one of those.
    struct WriteFailed {
        std::exception_ptr error;
    };
    auto write = [&](auto&& call) {
        try {
            call();
        } catch (const Error&) {
            throw WriteFailed{std::current_exception()};
        }
    };
    std::optional<SourceFile> reading;
    callbacks.on_file_done = [&](const fs::path&, std::uint64_t skipped_lines, std::uint64_t hash) {
        if (reading) {
            reading->content_hash = hash;
            reading->skipped = skipped_lines;
            write([&] { writer.end_source(*reading); });
        }
    };
    struct Interrupted {};
    auto report = [&](std::uint64_t bytes) {
        progress.bytes_done += bytes;
        progress.passages = writer.stats().passages;
        if (options.on_progress) {
            options.on_progress(progress);
        }
        if (options.stop && options.stop()) {
            throw Interrupted{};
        }
    };
    callbacks.on_document = [&](Document&& document, std::uint64_t bytes) {
        write([&] { writer.add_document(document); });
        report(bytes);
    };
    callbacks.on_document_part = [&](Document&& part, bool last, std::uint64_t bytes) {
        write([&] { writer.add_document_part(part, last); });
        report(bytes);
    };
    for (const Planned& entry : planned) {
        reading = entry.now;
        if (reading) {
            writer.begin_source(reading->path);  // replaces what it gave, once read whole
        }
        try {
            read_corpus_file(entry.file, callbacks, corpus);
            reading.reset();
            ++progress.files_done;
            report(0);
        } catch (const WriteFailed& failed) {
            std::rethrow_exception(failed.error);
        } catch (const Interrupted&) {
            summary.interrupted = true;
            summary.interrupted_file = reading ? entry.file.path.string() : std::string();
            summary.files = progress.files_done;
            summary.skipped = corpus.skipped;
            return summary;
        }
    }
    if (options.prune) {
        for (const SourceFile& source : writer.sources()) {
            std::error_code ec;
            if (!fs::exists(source.path, ec)) {
                writer.remove_source(source.path);
                ++summary.pruned;
            }
        }
    }
    if (writer.merges_at_commit() && options.on_progress) {
        progress.merging = true;  // a long step with nothing else to report
        options.on_progress(progress);
    }
    writer.commit();
    summary.files = corpus.files;
    summary.skipped = corpus.skipped;
    summary.unsupported = corpus.unsupported;
    return summary;
}

}  // namespace tilde
