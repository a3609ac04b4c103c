// SPDX-License-Identifier: MIT
/// @file index_main.cpp  tilde-index: build or update an index from files and folders.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>
#include <tilde/index_writer.hpp>

#include "cli_support.hpp"
#include "corpus_reader.hpp"
#include "shard_stub.hpp"

namespace {

constexpr std::string_view kProgram = "tilde-index";
using Clock = std::chrono::steady_clock;

// A one-line progress display, redrawn at most five times a second, only on a terminal.
class Progress {
  public:
    explicit Progress(bool enabled) : enabled_(enabled), start_(Clock::now()) {}

    void update(uint64_t files, uint64_t bytes, uint64_t passages, bool force = false) {
        if (!enabled_) {
            return;
        }
        auto now = Clock::now();
        if (!force && now - last_ < std::chrono::milliseconds(200)) {
            return;
        }
        last_ = now;
        double seconds = std::chrono::duration<double>(now - start_).count();
        std::fprintf(stderr, "\r\033[Kindexing: %llu files, %s, %llu passages (%.0f passages/s)",
                     static_cast<unsigned long long>(files),
                     tilde::cli::human_bytes(static_cast<double>(bytes)).c_str(),
                     static_cast<unsigned long long>(passages),
                     seconds > 0 ? static_cast<double>(passages) / seconds : 0.0);
        shown_ = true;
    }

    // Clears the line before anything else is printed on stderr.
    void clear() {
        if (shown_) {
            std::fputs("\r\033[K", stderr);
            shown_ = false;
        }
    }

  private:
    bool enabled_;
    bool shown_ = false;
    Clock::time_point start_;
    Clock::time_point last_{};
};

// What the index records of a file, as far as a stat tells: canonical path, size, time.
std::optional<tilde::SourceFile> describe_file(const std::filesystem::path& path) {
    std::error_code ec;
    tilde::SourceFile file;
    file.path = std::filesystem::canonical(path, ec).string();
    file.size = std::filesystem::file_size(path, ec);
    auto time = std::filesystem::last_write_time(path, ec);
    if (ec) {
        return std::nullopt;
    }
    file.mtime_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
    return file;
}

// How much text is held at once, from a --memory budget. Measured on Spanish news text
// (docs/architecture.md, "Memory"): the process itself takes up to ~36 MB (more as the index
// grows); analysis holds ~20 bytes of tokens per byte of a text part; Xapian holds up to ~30 bytes
// of pending changes per byte of text until a commit.
struct MemoryPlan {
    uint64_t part_bytes;
    uint64_t batch_bytes;
};

MemoryPlan plan_memory(double memory_mb) {
    constexpr double kMinimumMb = 32;
    if (!(memory_mb >= kMinimumMb && memory_mb <= 1 << 20)) {
        throw tilde::UsageError("--memory must be a number of MiB, at least 32");
    }
    const double bytes = memory_mb * 1024 * 1024;
    MemoryPlan plan;
    plan.part_bytes = static_cast<uint64_t>(std::clamp(bytes / 256, 64e3, 1e6));
    const double left = bytes - 36e6 - 20.0 * static_cast<double>(plan.part_bytes);
    plan.batch_bytes = static_cast<uint64_t>(std::max(left / 30, 100e3));
    return plan;
}

int run(int argc, char** argv) {
    tilde::cli::use_stopwords_from_environment();
    cxxopts::Options options(std::string(kProgram),
                             "Index text, Markdown, HTML and JSON Lines files into a tilde index.");
    options.positional_help("PATH...");
    options.add_options()("index", "index folder to create or update",
                          cxxopts::value<std::string>())(
        "single-file", "also write the index as this one read-only file (alone: only it)",
        cxxopts::value<std::string>())("l,lang", "language of the documents: auto, es or en",
                                       cxxopts::value<std::string>()->default_value("auto"))(
        "strict", "fail (exit 2) if any file or line is skipped")(
        "prune", "remove documents whose files no longer exist")(
        "memory", "memory budget in MiB (text is read, analyzed and committed in pieces to fit)",
        cxxopts::value<double>()->default_value("256"))(
        "batch-mb", "commit after this many MB of text (default: what --memory allows)",
        cxxopts::value<double>())(
        "shards", "split a new index into N shards, written in parallel (docs/scaling.md)",
        cxxopts::value<unsigned>())(
        "threads",
        "threads to use: one per shard (default: as many as shards and cores allow); unsharded, "
        "2 analyzes the next part while writing this one (default 1)",
        cxxopts::value<unsigned>())("q,quiet", "print only warnings and errors")(
        "json", "print a summary as one JSON object on standard output")(
        "h,help", "show this help")("paths", "files and folders to index",
                                    cxxopts::value<std::vector<std::string>>());
    options.parse_positional({"paths"});
    cxxopts::ParseResult args = options.parse(argc, argv);
    if (args.count("help")) {
        std::cout << options.help()
                  << "\nFormats: .txt .md .html .jsonl .jsonl.gz (one JSON object a "
                     "line with \"text\" and optional id, title, date, lang, source).\n";
        return tilde::cli::kExitOk;
    }
    if (!args.count("index") && !args.count("single-file")) {
        throw tilde::UsageError("missing --index DIR (where to write the index)");
    }
    if (!args.count("paths")) {
        throw tilde::UsageError("nothing to index: give one or more files or folders");
    }
    std::vector<std::filesystem::path> paths;
    for (const std::string& path : args["paths"].as<std::vector<std::string>>()) {
        paths.emplace_back(path);
    }
    const bool quiet = args.count("quiet") > 0;

    // --single-file alone builds the folder index beside the file, then removes it.
    std::optional<std::string> single_file;
    if (args.count("single-file")) {
        single_file = args["single-file"].as<std::string>();
    }
    const std::string index_dir =
        args.count("index") ? args["index"].as<std::string>() : *single_file + ".building";
    struct RemoveOnExit {
        std::string path;
        ~RemoveOnExit() {
            std::error_code ignored;
            if (!path.empty()) {
                std::filesystem::remove_all(path, ignored);
            }
        }
    } scratch{args.count("index") ? std::string() : index_dir};
    if (!scratch.path.empty()) {
        std::filesystem::remove_all(scratch.path);  // a leftover of an interrupted run
    }

    tilde::IndexWriterOptions writer_options;
    writer_options.lang = args["lang"].as<std::string>();
    const MemoryPlan plan = plan_memory(args["memory"].as<double>());
    writer_options.batch_bytes = plan.batch_bytes;
    if (args.count("shards")) {
        writer_options.shards = args["shards"].as<unsigned>();
        if (writer_options.shards < 1 || writer_options.shards > 1024) {
            throw tilde::UsageError("--shards must be a number from 1 to 1024");
        }
    }
    // Shards are written in parallel: one thread each, as far as the cores go.
    size_t shard_count = writer_options.shards;
    if (shard_count == 0) {
        std::optional<tilde::ShardStub> stub = tilde::read_shard_stub(index_dir);
        shard_count = stub ? stub->shards.size() : 1;
    }
    if (single_file && shard_count > 1) {
        throw tilde::UsageError("--single-file holds an index of one shard, not " +
                                std::to_string(shard_count));
    }
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    writer_options.threads =
        args.count("threads")
            ? args["threads"].as<unsigned>()
            : (shard_count > 1 ? std::min(cores, static_cast<unsigned>(shard_count)) : 1u);
    if (writer_options.threads < 1 || writer_options.threads > 1024) {
        throw tilde::UsageError("--threads must be a number from 1 to 1024");
    }
    if (args.count("batch-mb")) {
        const double batch_mb = args["batch-mb"].as<double>();
        if (!(batch_mb > 0 && batch_mb <= 1 << 20)) {
            throw tilde::UsageError("--batch-mb must be a positive number of megabytes");
        }
        writer_options.batch_bytes = static_cast<uint64_t>(batch_mb * 1e6);
    }
    std::optional<tilde::IndexWriter> open_writer;
    open_writer.emplace(index_dir, writer_options);
    tilde::IndexWriter& writer = *open_writer;

    Progress progress(!quiet && tilde::cli::is_terminal(STDERR_FILENO));
    uint64_t files = 0;
    uint64_t bytes_read = 0;
    auto start = Clock::now();
    tilde::CorpusCallbacks callbacks;
    callbacks.part_bytes = plan.part_bytes;
    callbacks.on_file = [&](const std::filesystem::path&) { ++files; };
    // Resuming: a file whose size and time (or, failing those, content) match the index's
    // record is skipped; any other replaces what an earlier run added from it.
    std::optional<tilde::SourceFile> reading;
    callbacks.should_read = [&](const std::filesystem::path& path) {
        std::optional<tilde::SourceFile> now = describe_file(path);
        if (!now) {
            return true;  // reading it reports the error
        }
        std::optional<tilde::SourceFile> before = writer.source_file(now->path);
        if (before && before->size == now->size && before->mtime_ns == now->mtime_ns) {
            return false;
        }
        // Same size, new time: read the bytes once to tell a touched file from a changed one.
        // (Other files are hashed while they are indexed, not read twice.)
        if (before && before->size == now->size) {
            now->content_hash = tilde::content_hash(path);
            if (now->content_hash == before->content_hash) {
                writer.end_source(*now);  // touched, not changed: remember the new time
                return false;
            }
        }
        writer.begin_source(now->path);
        reading = now;
        return true;
    };
    callbacks.on_file_done = [&](const std::filesystem::path&, bool complete, uint64_t hash) {
        // A file with skipped lines stays unrecorded, so every run reads and reports it again
        // (and --strict keeps failing) until it is fixed.
        if (reading && complete) {
            reading->content_hash = hash;
            writer.end_source(*reading);
        }
        reading.reset();
    };
    callbacks.on_document = [&](tilde::Document&& document, uint64_t source_bytes) {
        writer.add_document(document);
        bytes_read += source_bytes;
        progress.update(files, bytes_read, writer.stats().passages);
    };
    // Text files come in parts, so a huge one is never held whole (see plan_memory).
    callbacks.on_document_part = [&](tilde::Document&& part, bool last, uint64_t source_bytes) {
        writer.add_document_part(part, last);
        bytes_read += source_bytes;
        progress.update(files, bytes_read, writer.stats().passages);
    };
    callbacks.on_warning = [&](const std::string& message) {
        progress.clear();
        tilde::cli::print_warning(kProgram, message);
    };
    tilde::CorpusStats corpus = tilde::read_corpus(paths, callbacks);
    uint64_t pruned = 0;
    if (args.count("prune")) {
        for (const tilde::SourceFile& source : writer.sources()) {
            std::error_code ec;
            if (!std::filesystem::exists(source.path, ec)) {
                writer.remove_source(source.path);
                ++pruned;
            }
        }
    }
    progress.update(files, bytes_read, writer.stats().passages, /*force=*/true);
    writer.commit();
    progress.clear();

    const tilde::IndexStats stats = writer.stats();
    const size_t used_threads =
        std::min<size_t>(writer_options.threads, shard_count > 1 ? shard_count : 2);
    open_writer.reset();  // closes the index, so that it can be compacted and removed
    if (single_file) {
        tilde::write_single_file(index_dir, *single_file);
    }
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!quiet) {
        std::fprintf(stderr,
                     "indexed %llu documents from %llu files (%s) into %llu passages in %.2f s "
                     "(%.0f passages/s, %.2f MB/s); index '%s' holds %llu passages",
                     static_cast<unsigned long long>(stats.documents),
                     static_cast<unsigned long long>(corpus.files),
                     tilde::cli::human_bytes(static_cast<double>(stats.text_bytes)).c_str(),
                     static_cast<unsigned long long>(stats.passages), seconds,
                     seconds > 0 ? static_cast<double>(stats.passages) / seconds : 0.0,
                     seconds > 0 ? static_cast<double>(stats.text_bytes) / 1e6 / seconds : 0.0,
                     single_file ? single_file->c_str() : index_dir.c_str(),
                     static_cast<unsigned long long>(stats.total_passages));
        if (corpus.unchanged > 0) {
            std::fprintf(stderr, "; %llu files unchanged since indexed",
                         static_cast<unsigned long long>(corpus.unchanged));
        }
        if (pruned > 0) {
            std::fprintf(stderr, "; removed the documents of %llu files that are gone",
                         static_cast<unsigned long long>(pruned));
        }
        if (corpus.skipped > 0 || corpus.unsupported > 0) {
            std::fprintf(stderr, "; skipped %llu with warnings, %llu files of other types",
                         static_cast<unsigned long long>(corpus.skipped),
                         static_cast<unsigned long long>(corpus.unsupported));
        }
        std::fputc('\n', stderr);
    }
    if (args.count("json")) {
        const nlohmann::json summary = {{"index", single_file ? *single_file : index_dir},
                                        {"files", corpus.files},
                                        {"documents", stats.documents},
                                        {"passages", stats.passages},
                                        {"text_bytes", stats.text_bytes},
                                        {"seconds", seconds},
                                        {"index_passages", stats.total_passages},
                                        {"unchanged_files", corpus.unchanged},
                                        {"pruned_files", pruned},
                                        {"skipped", corpus.skipped},
                                        {"unsupported_files", corpus.unsupported},
                                        {"batch_bytes", writer_options.batch_bytes},
                                        {"threads", used_threads},
                                        {"shards", shard_count},
                                        {"part_bytes", plan.part_bytes}};
        std::cout << summary.dump() << std::endl;
    }
    if (stats.documents == 0 && corpus.skipped == 0 && corpus.unchanged == 0 && pruned == 0 &&
        !quiet) {
        tilde::cli::print_warning(kProgram, "no documents found in the paths given");
    }
    if (args.count("strict") && corpus.skipped > 0) {
        tilde::cli::print_error(
            kProgram, std::to_string(corpus.skipped) + " files or lines were skipped (--strict)");
        return tilde::cli::kExitError;
    }
    return tilde::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    return tilde::cli::run_main(kProgram, [&] { return run(argc, argv); });
}
