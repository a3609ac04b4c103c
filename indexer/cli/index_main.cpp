// SPDX-License-Identifier: MIT
/// @file index_main.cpp  tilde-index: build or update an index from files and folders.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>
#include <tilde/index_job.hpp>
#include <tilde/index_writer.hpp>

#include "cli_support.hpp"
#include "index_layout.hpp"
#include "shard_stub.hpp"

namespace {

constexpr std::string_view kProgram = "tilde-index";

// Ctrl-C: the run stops after the document it is writing and keeps what it wrote; a second
// Ctrl-C ends the program at once.
std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
    if (g_interrupted.exchange(true)) {
        std::signal(SIGINT, SIG_DFL);
        std::raise(SIGINT);
    }
}
using Clock = std::chrono::steady_clock;

// A progress bar on a terminal, as pv and Recoll draw one: the share of the input's bytes read
// (their total is known before the run starts), MB/s and the time left, redrawn in place at
// most five times a second; at the end of a large run, that its merge is under way.
class Progress {
  public:
    explicit Progress(bool enabled) : enabled_(enabled), start_(Clock::now()) {}

    void update(const tilde::IndexProgress& now) {
        if (!enabled_) {
            return;
        }
        auto clock = Clock::now();
        if (clock - last_ < std::chrono::milliseconds(200) && !now.merging) {
            return;
        }
        last_ = clock;
        const double seconds = std::chrono::duration<double>(clock - start_).count();
        const double done = static_cast<double>(now.bytes_done);
        const double total = static_cast<double>(std::max(now.bytes_total, now.bytes_done));
        const double share = total > 0 ? done / total : 0;
        std::string figures = " " + std::to_string(static_cast<int>(share * 100)) + "% " +
                              tilde::cli::human_bytes(done) + " of " +
                              tilde::cli::human_bytes(total);
        char rate[64] = "";
        // The first second's rate is mostly start-up: no estimate from it. Once every file is
        // read, a large run's merge is left, which no rate of reading foretells.
        if (seconds >= 1 && done > 0 && !now.merging) {
            const double bytes_per_second = done / seconds;
            const auto left = static_cast<long>((total - done) / bytes_per_second + 0.5);
            std::snprintf(rate, sizeof rate, ", %.2f MB/s, %ld:%02ld left", bytes_per_second / 1e6,
                          left / 60, left % 60);
        }
        figures += rate;
        figures += ", " + tilde::cli::count_of(now.files_done, "file") + " of " +
                   std::to_string(now.files_total);
        if (now.merging) {
            figures += "; merging them into the index";
        }
        size_t columns = tilde::cli::terminal_columns(STDERR_FILENO);
        columns = columns == 0 ? 80 : columns;
        // "[####....]" takes what the figures leave, 10 to 40 columns; a narrow terminal gets
        // the figures alone.
        const size_t room = columns > figures.size() + 12 ? columns - figures.size() - 3 : 0;
        std::string bar;
        if (room >= 10) {
            const size_t width = std::min<size_t>(room, 40);
            const auto filled = static_cast<size_t>(share * static_cast<double>(width));
            bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
        }
        std::string line = bar + figures;
        if (line.size() >= columns) {
            line.resize(columns - 1);  // one line, or \r cannot redraw it
        }
        std::fprintf(stderr, "\r\033[K%s", line.c_str());
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

// How much text is held at once, from a --memory budget. Measured on Spanish news text
// (docs/architecture.md, "Memory"): the process itself takes up to ~40 MB (more as the index
// grows), and each writing thread after the first ~6 MB more; each part of a document being
// analyzed or waiting to be written holds ~25 bytes of tokens and terms per byte of text;
// Xapian holds up to ~30 bytes of pending changes per byte of text until a commit. What is
// left also bounds the stem caches and the merge's spelling totals (table_bytes). Threads hold
// more parts at once, so a small budget runs on fewer.
struct MemoryPlan {
    uint64_t part_bytes;
    uint64_t batch_bytes;
    uint64_t max_whole_bytes;  // one JSON line or HTML file, parsed whole (~40 bytes a byte)
    uint64_t sample_bytes;     // to train the compression dictionary (~10 bytes a byte)
    uint64_t table_bytes;      // stem caches, and the merge's spelling totals after the batches
    unsigned threads;
};

MemoryPlan plan_memory(double memory_mb, unsigned threads, bool threads_given) {
    constexpr double kMinimumMb = 40;
    constexpr double kFixedBytes = 40e6;
    constexpr double kBytesPerThread = 24e6;      // what each thread's parts and batch share take
    constexpr double kBytesPerExtraThread = 6e6;  // each writing thread's own Xapian and zstd state
    constexpr double kMinimumFreeBytes = 4e6;
    if (!(memory_mb >= kMinimumMb && memory_mb <= 1 << 20)) {
        throw tilde::UsageError("--memory: must be a number of MiB, at least 40");
    }
    const double bytes = memory_mb * 1024 * 1024;
    MemoryPlan plan;
    plan.threads = threads;
    if (!threads_given) {
        const double affordable = (bytes - kFixedBytes) / kBytesPerThread;
        plan.threads = std::clamp(static_cast<unsigned>(affordable), 1u, threads);
    } else {
        // Threads asked for run in smaller parts and batches, but each needs its own state:
        // beyond what the budget holds, fewer run (index_main warns).
        const double most = 1 + (bytes - kFixedBytes - kMinimumFreeBytes) / kBytesPerExtraThread;
        plan.threads = std::clamp(static_cast<unsigned>(std::max(most, 1.0)), 1u, threads);
    }
    // Parts held at once: in analysis (threads + 1), and running or waiting at each writer
    // (ShardWriter's kWaitingParts, 4, of which ~2 are full on average).
    const unsigned analysis = plan.threads >= 2 ? std::max(1u, plan.threads / 3) : 0;
    const double parts_held = analysis + 1 + (plan.threads >= 2 ? 3.0 * plan.threads : 0.0);
    const double free_bytes = std::max(
        bytes - kFixedBytes - kBytesPerExtraThread * (plan.threads - 1), kMinimumFreeBytes);
    plan.part_bytes =
        static_cast<uint64_t>(std::clamp(free_bytes / 4 / (25 * parts_held), 16e3, 1e6));
    const double left = free_bytes - 25 * parts_held * static_cast<double>(plan.part_bytes);
    plan.batch_bytes = static_cast<uint64_t>(std::max(left / 30, 100e3));
    plan.max_whole_bytes = static_cast<uint64_t>(std::max(free_bytes / 40, 1e6));
    plan.sample_bytes = static_cast<uint64_t>(std::clamp(free_bytes / 12, 256e3, 4e6));
    plan.table_bytes = static_cast<uint64_t>(free_bytes);
    return plan;
}

int run(int argc, char** argv) {
    tilde::cli::use_stopwords_from_environment();
    cxxopts::Options options(std::string(kProgram),
                             "Index text, Markdown, HTML and JSON Lines files into a tilde index.");
    options.positional_help("PATH...");
    // Numbers are read as text and checked by whole_number_option, which names the option.
    options.add_options()("index", "index folder to create or update",
                          cxxopts::value<std::string>(), "DIR")(
        "single-file", "also write the index as this one read-only file (alone: only it)",
        cxxopts::value<std::string>(),
        "FILE")("l,lang", "language of the documents: auto, es or en",
                cxxopts::value<std::string>()->default_value("auto"),
                "LANG")("strict", "fail (exit 2) if any file or line is skipped")(
        "check", "check the index's tables for damage (nothing is indexed); exit 2 if damaged")(
        "prune", "remove documents whose files no longer exist")(
        "memory", "memory budget in MiB (text is read, analyzed and committed in pieces to fit)",
        cxxopts::value<std::string>()->default_value("256"),
        "MIB")("batch-mb", "commit after this many MB of text (default: what --memory allows)",
               cxxopts::value<std::string>(), "MB")(
        "bulk-mb",
        "after this many MB of text, write segments in parallel and merge them at the end "
        "(default: 16, or a sixteenth of the index if more)",
        cxxopts::value<std::string>(),
        "MB")("shards", "split a new index into N shards, written in parallel (docs/scaling.md)",
              cxxopts::value<std::string>(), "N")(
        "threads",
        "threads to use (default: as many as the machine has cores, at most 16): documents are "
        "analyzed on some while others write the index, or shards, or a large run's segments",
        cxxopts::value<std::string>(), "N")("q,quiet", "print only warnings and errors")(
        "json", "print a summary as one JSON object on standard output")(
        "h,help", "show this help")("version", "show the version and licence")(
        "paths", "files and folders to index", cxxopts::value<std::vector<std::string>>());
    options.parse_positional({"paths"});
    cxxopts::ParseResult args = options.parse(argc, argv);
    if (args.count("help")) {
        std::cout << options.help()
                  << "\nFormats: .txt .md .html .jsonl .jsonl.gz (one JSON object a "
                     "line with \"text\" and optional id, title, date, lang, source).\n"
                     "More: man tilde-index.\n";
        return tilde::cli::kExitOk;
    }
    if (args.count("version")) {
        tilde::cli::print_version(kProgram);
        return tilde::cli::kExitOk;
    }
    if (args.count("check")) {
        if (!args.count("index") || args.count("paths")) {
            throw tilde::UsageError("--check takes --index DIR and nothing to index");
        }
        const std::string index = args["index"].as<std::string>();
        const std::vector<std::string> problems = tilde::check_index(index);
        for (const std::string& problem : problems) {
            tilde::cli::print_error(kProgram, "index '" + index + "': " + problem);
        }
        if (!problems.empty()) {
            return tilde::cli::kExitError;
        }
        std::cerr << "index '" << index << "': every table checks out\n";
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
        std::error_code ec;
        if (!std::filesystem::exists(paths.back(), ec)) {
            // Before any index folder is made: a failed run leaves nothing behind.
            throw tilde::IoError("cannot read '" + path + "': no such file or folder");
        }
    }
    const bool quiet = args.count("quiet") > 0;

    // --single-file alone builds the folder index beside the file, then removes it; a lock
    // beside the file keeps a second run from touching the first one's work.
    std::optional<std::string> single_file;
    std::optional<tilde::WriterLock> single_file_lock;
    if (args.count("single-file")) {
        single_file = args["single-file"].as<std::string>();
        if (args.count("index") &&
            std::filesystem::weakly_canonical(*single_file) ==
                std::filesystem::weakly_canonical(args["index"].as<std::string>())) {
            throw tilde::UsageError("--single-file must name a file other than the --index folder");
        }
        if (!args.count("index")) {
            single_file_lock.emplace(*single_file + ".lock", *single_file);
        }
    }
    const std::string index_dir =
        args.count("index") ? args["index"].as<std::string>() : *single_file + ".building";
    struct RemoveOnExit {
        std::vector<std::string> paths;
        ~RemoveOnExit() {
            std::error_code ignored;
            for (const std::string& path : paths) {
                std::filesystem::remove_all(path, ignored);
            }
        }
    } scratch;
    if (!args.count("index")) {
        std::filesystem::remove_all(index_dir);  // a leftover of an interrupted run
        scratch.paths = {index_dir, *single_file + ".lock"};
    }

    tilde::IndexWriterOptions writer_options;
    writer_options.lang = args["lang"].as<std::string>();
    if (args.count("shards")) {
        writer_options.shards =
            static_cast<unsigned>(tilde::cli::whole_number_option(args, "shards", 1024));
        if (writer_options.shards < 1) {
            throw tilde::UsageError("--shards: must be a number from 1 to 1024");
        }
    }
    size_t shard_count = writer_options.shards;
    if (shard_count == 0) {
        std::optional<tilde::ShardStub> stub = tilde::read_shard_stub(index_dir);
        shard_count = stub ? stub->shards.size() : 1;
    }
    if (single_file && shard_count > 1) {
        throw tilde::UsageError("--single-file holds an index of one shard, not " +
                                std::to_string(shard_count));
    }
    const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1u, 16u);
    const unsigned threads =
        args.count("threads")
            ? static_cast<unsigned>(tilde::cli::whole_number_option(args, "threads", 1024))
            : cores;
    if (threads < 1) {
        throw tilde::UsageError("--threads: must be a number from 1 to 1024");
    }
    const MemoryPlan plan =
        plan_memory(tilde::cli::number_option(args, "memory"), threads, args.count("threads") > 0);
    writer_options.threads = plan.threads;
    if (plan.threads < threads && args.count("threads")) {
        tilde::cli::print_warning(kProgram, "--memory " + args["memory"].as<std::string>() +
                                                " holds " + std::to_string(plan.threads) +
                                                " thread" + (plan.threads == 1 ? "" : "s") +
                                                ", not " + std::to_string(threads) + "; using " +
                                                std::to_string(plan.threads));
    }
    writer_options.batch_bytes = plan.batch_bytes;
    writer_options.table_bytes = plan.table_bytes;
    if (args.count("batch-mb")) {
        const double batch_mb = tilde::cli::number_option(args, "batch-mb");
        if (!(batch_mb > 0 && batch_mb <= 1 << 20)) {
            throw tilde::UsageError("--batch-mb: must be a positive number of megabytes");
        }
        writer_options.batch_bytes = static_cast<uint64_t>(batch_mb * 1e6);
    }
    if (args.count("bulk-mb")) {
        const double bulk_mb = tilde::cli::number_option(args, "bulk-mb");
        if (!(bulk_mb >= 0 && bulk_mb <= 1 << 30)) {
            throw tilde::UsageError("--bulk-mb: must be a number of megabytes, 0 or more");
        }
        writer_options.bulk_bytes = static_cast<uint64_t>(bulk_mb * 1e6);
    }
    Progress progress(!quiet && tilde::cli::is_terminal(STDERR_FILENO));
    uint64_t warnings = 0;
    auto warn = [&](const std::string& message) {
        progress.clear();
        tilde::cli::print_warning(kProgram, message);
        ++warnings;
    };
    writer_options.on_warning = warn;
    const auto start = Clock::now();
    std::optional<tilde::IndexWriter> open_writer;
    open_writer.emplace(index_dir, writer_options);
    tilde::IndexWriter& writer = *open_writer;

    tilde::IndexJobOptions job;
    job.prune = args.count("prune") > 0;
    job.part_bytes = plan.part_bytes;
    job.max_whole_bytes = plan.max_whole_bytes;
    job.compression_sample_bytes = plan.sample_bytes;
    job.on_warning = warn;
    job.on_progress = [&](const tilde::IndexProgress& now) { progress.update(now); };
    job.stop = [] { return g_interrupted.load(); };
    std::signal(SIGINT, on_interrupt);
    const tilde::IndexJobSummary run = tilde::index_paths(writer, paths, job);
    progress.clear();
    if (run.interrupted) {
        writer.suspend();
        tilde::cli::print_error(
            kProgram, "interrupted: " + std::to_string(run.files) +
                          (run.files == 1 ? " file was" : " files were") + " indexed and kept" +
                          (run.interrupted_file.empty()
                               ? ""
                               : "; '" + run.interrupted_file +
                                     "' was not finished and the next run reads it again") +
                          "; run the same command to carry on");
        return 130;  // 128 + SIGINT, as shells report it
    }

    const tilde::IndexStats stats = writer.stats();
    open_writer.reset();  // closes the index, so that it can be compacted and removed
    if (single_file) {
        tilde::write_single_file(index_dir, *single_file);
    }
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!quiet) {
        using tilde::cli::count_of;
        char rates[96];
        std::snprintf(rates, sizeof rates, " in %.2f s (%.0f passages/s, %.2f MB/s)", seconds,
                      seconds > 0 ? static_cast<double>(stats.passages) / seconds : 0.0,
                      seconds > 0 ? static_cast<double>(stats.text_bytes) / 1e6 / seconds : 0.0);
        std::string summary = "indexed " + count_of(stats.documents, "document") + " from " +
                              count_of(run.files, "file") + " (" +
                              tilde::cli::human_bytes(static_cast<double>(stats.text_bytes)) +
                              ") into " + count_of(stats.passages, "passage") + rates +
                              "; index '" + (single_file ? *single_file : index_dir) + "' holds " +
                              count_of(stats.total_passages, "passage");
        if (run.unchanged > 0) {
            summary += "; " + count_of(run.unchanged, "file") + " unchanged since indexed";
        }
        if (run.pruned > 0) {
            summary += "; removed the documents of " + count_of(run.pruned, "file") +
                       (run.pruned == 1 ? " that is gone" : " that are gone");
        }
        if (run.skipped > 0 || run.unsupported > 0) {
            summary += "; skipped " + std::to_string(run.skipped) + " with warnings, " +
                       count_of(run.unsupported, "file") + " of other types";
        }
        std::cerr << tilde::cli::visible(summary, false) << '\n';
    }
    if (args.count("json")) {
        const nlohmann::json summary = {{"index", single_file ? *single_file : index_dir},
                                        {"files", run.files},
                                        {"documents", stats.documents},
                                        {"passages", stats.passages},
                                        {"text_bytes", stats.text_bytes},
                                        {"seconds", seconds},
                                        {"index_passages", stats.total_passages},
                                        {"unchanged_files", run.unchanged},
                                        {"pruned_files", run.pruned},
                                        {"skipped", run.skipped},
                                        {"incomplete_files", run.incomplete},
                                        {"unsupported_files", run.unsupported},
                                        {"warnings", warnings},
                                        {"batch_bytes", writer_options.batch_bytes},
                                        {"threads", writer_options.threads},
                                        {"shards", shard_count},
                                        {"part_bytes", plan.part_bytes}};
        std::cout << summary.dump() << std::endl;
    }
    if (stats.documents == 0 && run.skipped == 0 && run.unchanged == 0 && run.pruned == 0 &&
        !quiet) {
        tilde::cli::print_warning(kProgram, "no documents found in the paths given");
    }
    if (args.count("strict") && run.skipped + run.incomplete > 0) {
        const uint64_t skipped = run.skipped + run.incomplete;
        tilde::cli::print_error(kProgram,
                                std::to_string(skipped) +
                                    (skipped == 1 ? " file or line was" : " files or lines were") +
                                    " skipped (--strict)");
        return tilde::cli::kExitError;
    }
    return tilde::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    return tilde::cli::run_main(kProgram, [&] { return run(argc, argv); });
}
