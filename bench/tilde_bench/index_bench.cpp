// SPDX-License-Identifier: MIT
/// @file index_bench.cpp  tilde-bench index: indexing throughput, peak memory and index size,
/// measured on the real tilde-index program run as a child process.
#include "index_bench.hpp"

#include <cstdio>
#include <cstring>
#include <iostream>
#include <sys/resource.h>
#include <sys/wait.h>

#include <spawn.h>
#include <unistd.h>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>

#include "bench_support.hpp"

extern char** environ;

namespace tilde::bench {
namespace {
namespace fs = std::filesystem;

// tilde-index is installed or built beside tilde-bench.
fs::path sibling_program(const std::string& name) {
    std::error_code error;
    fs::path self = fs::read_symlink("/proc/self/exe", error);
    fs::path program = self.parent_path() / name;
    if (error || !fs::exists(program)) {
        throw IoError("cannot find " + name + " beside tilde-bench (" + self.string() + ")");
    }
    return program;
}

struct ChildRun {
    int status = 0;
    std::string out;
    rusage usage{};
};

// Runs `program args...`, capturing standard output; standard error passes through, so
// warnings about the corpus stay visible.
ChildRun run_child(const fs::path& program, const std::vector<std::string>& args) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) {
        throw IoError(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
    std::vector<std::string> argv_strings = {program.string()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : argv_strings) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    int spawn_error = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (spawn_error != 0) {
        close(pipe_fds[0]);
        throw IoError("cannot run " + program.string() + ": " + std::strerror(spawn_error));
    }
    ChildRun run;
    char buffer[4096];
    for (ssize_t got; (got = read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            break;
        }
        run.out.append(buffer, static_cast<size_t>(got));
    }
    close(pipe_fds[0]);
    while (wait4(pid, &run.status, 0, &run.usage) < 0 && errno == EINTR) {
    }
    return run;
}

}  // namespace

int run_index_bench(int argc, char** argv) {
    cxxopts::Options options("tilde-bench index",
                             "Indexing throughput (documents/s, passages/s, MB/s), peak RSS and "
                             "index size, from a fresh index of the corpus.");
    options.positional_help("PATH...");
    options.add_options()("corpus", "files and folders to index",
                          cxxopts::value<std::vector<std::string>>())(
        "index", "where to build the index (default: a temporary folder, removed after)",
        cxxopts::value<std::string>(), "DIR")("memory", "passed to tilde-index --memory (MiB)",
                                              cxxopts::value<std::string>(), "MIB")(
        "threads", "passed to tilde-index --threads", cxxopts::value<std::string>(), "N")(
        "shards", "passed to tilde-index --shards", cxxopts::value<std::string>(), "N")(
        "json", "print one JSON object")("h,help", "show this help");
    options.parse_positional({"corpus"});
    cxxopts::ParseResult args = options.parse(argc, argv);
    if (args.count("help")) {
        std::cout << options.help();
        return 0;
    }
    if (!args.count("corpus")) {
        throw UsageError("missing --corpus PATH (files or folders to index)");
    }
    const std::vector<std::string> corpus = args["corpus"].as<std::vector<std::string>>();
    for (const std::string& path : corpus) {
        if (!fs::exists(path)) {
            throw IoError("'" + path + "': no such file or folder");
        }
    }

    struct Scratch {
        fs::path path;
        ~Scratch() {
            std::error_code ignored;
            if (!path.empty()) {
                fs::remove_all(path, ignored);
            }
        }
    } scratch;
    fs::path index;
    if (args.count("index")) {
        index = args["index"].as<std::string>();
        if (fs::exists(index)) {
            throw UsageError("'" + index.string() +
                             "' exists: the benchmark builds a fresh index; remove it first");
        }
    } else {
        std::string pattern = (fs::temp_directory_path() / "tilde-bench-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw IoError("cannot create a temporary folder: " + std::string(strerror(errno)));
        }
        scratch.path = pattern;
        index = scratch.path / "bench.idx";
    }

    std::vector<std::string> index_args = {"--quiet", "--json", "--index", index.string()};
    if (args.count("threads")) {
        index_args.insert(index_args.end(), {"--threads", args["threads"].as<std::string>()});
    }
    if (args.count("shards")) {
        index_args.insert(index_args.end(), {"--shards", args["shards"].as<std::string>()});
    }
    if (args.count("memory")) {
        index_args.insert(index_args.end(), {"--memory", args["memory"].as<std::string>()});
    }
    index_args.insert(index_args.end(), corpus.begin(), corpus.end());
    ChildRun run = run_child(sibling_program("tilde-index"), index_args);
    if (!WIFEXITED(run.status) || WEXITSTATUS(run.status) != 0) {
        throw Error("tilde-index failed (status " + std::to_string(run.status) + ")");
    }
    const nlohmann::json summary = nlohmann::json::parse(run.out);
    const double seconds = summary["seconds"].get<double>();
    const double text_bytes = summary["text_bytes"].get<double>();
    const double index_bytes = static_cast<double>(disk_bytes(index));
    const double peak_rss_mib = static_cast<double>(run.usage.ru_maxrss) / 1024.0;  // KiB
    // CPU time beside wall time: what threads overlap, including waits for the disk.
    auto seconds_of = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    const double cpu_seconds = seconds_of(run.usage.ru_utime) + seconds_of(run.usage.ru_stime);
    const double documents = summary["documents"].get<double>();
    const double passages = summary["passages"].get<double>();

    if (args.count("json")) {
        nlohmann::json report = environment_json();
        report["config"] = {{"corpus", corpus},
                            {"memory", args.count("memory") ? args["memory"].as<std::string>()
                                                            : std::string("default")},
                            {"threads", summary["threads"]},
                            {"shards", summary["shards"]},
                            {"batch_bytes", summary["batch_bytes"]},
                            {"part_bytes", summary["part_bytes"]}};
        report["documents"] = documents;
        report["passages"] = passages;
        report["text_bytes"] = text_bytes;
        report["seconds"] = seconds;
        report["documents_per_s"] = documents / seconds;
        report["passages_per_s"] = passages / seconds;
        report["mb_per_s"] = text_bytes / 1e6 / seconds;
        report["peak_rss_mib"] = peak_rss_mib;
        report["cpu_seconds"] = cpu_seconds;
        report["index_bytes"] = index_bytes;
        report["index_to_text"] = text_bytes > 0 ? index_bytes / text_bytes : 0.0;
        std::cout << report.dump() << "\n";
        return 0;
    }
    std::printf("%.0f documents, %.0f passages, %.1f MB of text in %.2f s\n", documents, passages,
                text_bytes / 1e6, seconds);
    std::printf("throughput   %.0f documents/s   %.0f passages/s   %.2f MB/s\n",
                documents / seconds, passages / seconds, text_bytes / 1e6 / seconds);
    std::printf("memory       peak RSS %.1f MiB\n", peak_rss_mib);
    std::printf("cpu          %.2f s (user + system, all threads)\n", cpu_seconds);
    std::printf("index        %.1f MB on disk, %.2fx the text\n", index_bytes / 1e6,
                text_bytes > 0 ? index_bytes / text_bytes : 0.0);
    return 0;
}

}  // namespace tilde::bench
