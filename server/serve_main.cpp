// SPDX-License-Identifier: MIT
/// @file serve_main.cpp  tilde-serve: a tilde index over HTTP (docs/http-api.md), on loopback
/// unless told otherwise; stops cleanly on SIGTERM or Ctrl-C.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include <httplib.h>
#include <pthread.h>

#include <cxxopts.hpp>

#include <tilde/errors.hpp>

#include "cli_support.hpp"
#include "http_api.hpp"

namespace {

constexpr std::string_view kProgram = "tilde-serve";

struct Address {
    std::string host;
    int port = 0;
};

Address parse_listen(const std::string& listen) {
    const size_t colon = listen.rfind(':');
    Address address;
    if (colon == std::string::npos || colon == 0) {
        throw tilde::UsageError("--listen: '" + listen + "' is not HOST:PORT (127.0.0.1:8642)");
    }
    address.host = listen.substr(0, colon);
    if (address.host.size() > 2 && address.host.front() == '[' && address.host.back() == ']') {
        address.host = address.host.substr(1, address.host.size() - 2);  // [::1]:8642
    }
    const std::string port = listen.substr(colon + 1);
    char* end = nullptr;
    const long value = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || value < 0 || value > 65535) {
        throw tilde::UsageError("--listen: '" + port + "' is not a port number (0 to 65535)");
    }
    address.port = static_cast<int>(value);
    return address;
}

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// The search page's folder: --web, else beside an installed program (PREFIX/share/tilde/web,
// wherever PREFIX was moved), else where it was installed, else the source tree's.
std::filesystem::path web_folder(const cxxopts::ParseResult& args) {
    if (args.count("web")) {
        return args["web"].as<std::string>();
    }
    std::error_code ignored;
    const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", ignored);
    for (const std::filesystem::path& folder :
         {program.parent_path().parent_path() / "share" / "tilde" / "web",
          std::filesystem::path(TILDE_WEB_INSTALL_DIR),
          std::filesystem::path(TILDE_WEB_SOURCE_DIR)}) {
        if (std::filesystem::exists(folder / "index.html", ignored)) {
            return folder;
        }
    }
    return {};
}

cxxopts::Options command_line_options() {
    cxxopts::Options options(
        std::string(kProgram),
        "Serve a tilde index over HTTP: a JSON search API (docs/http-api.md).");
    options.add_options()(
        "index",
        "index: folder, single file, or shard list (made by tilde-index); default: "
        "$TILDE_INDEX, or 'index = DIR' in ~/.config/tilde/config",
        cxxopts::value<std::string>(),
        "DIR")("listen",
               "address and port to listen on (port 0: any free one); another address than "
               "loopback lets anyone who reaches it search the index",
               cxxopts::value<std::string>()->default_value("127.0.0.1:8642"), "HOST:PORT")(
        "threads",
        "connections served at once (a kept-alive connection holds its thread), each thread "
        "with its own index handle (default: 4 per core, 8 to 64)",
        cxxopts::value<std::string>(),
        "N")("timeout", "sharded index: milliseconds a remote shard may take to answer",
             cxxopts::value<std::string>()->default_value("10000"),
             "MS")("cors", "send Access-Control-Allow-Origin: ORIGIN (default: no CORS headers)",
                   cxxopts::value<std::string>(), "ORIGIN")(
        "web", "serve the search page from this folder (default: the installed one)",
        cxxopts::value<std::string>(), "DIR")(
        "stop-after", "stop by itself after this many seconds (tests, demos)",
        cxxopts::value<std::string>(), "SECONDS")("q,quiet", "print only warnings and errors")(
        "h,help", "show this help")("version", "show the version and licence");
    return options;
}

int run(int argc, char** argv) {
    tilde::cli::use_stopwords_from_environment();
    cxxopts::Options options = command_line_options();
    const cxxopts::ParseResult args = options.parse(argc, argv);
    if (args.count("help")) {
        std::cout << options.help()
                  << "\nEndpoints: GET /search?q=, /documents/ID, /complete?prefix=, /stats, "
                     "/health;\nthe search page at /. More: man tilde-serve, docs/http-api.md.\n";
        return tilde::cli::kExitOk;
    }
    if (args.count("version")) {
        tilde::cli::print_version(kProgram);
        return tilde::cli::kExitOk;
    }
    tilde::serve::ApiOptions api;
    api.index_path = tilde::cli::index_option(args);
    api.open.timeout_ms = static_cast<uint32_t>(tilde::cli::whole_number_option(args, "timeout"));
    if (args.count("cors")) {
        api.cors_origin = args["cors"].as<std::string>();
    }
    const Address address = parse_listen(args["listen"].as<std::string>());
    const unsigned threads =
        args.count("threads")
            ? static_cast<unsigned>(tilde::cli::whole_number_option(args, "threads", 256))
            : std::clamp(4 * std::thread::hardware_concurrency(), 8u, 64u);
    if (threads == 0) {
        throw tilde::UsageError("--threads: must be at least 1");
    }
    const long stop_after =
        args.count("stop-after")
            ? static_cast<long>(tilde::cli::whole_number_option(args, "stop-after"))
            : 0;
    const bool quiet = args.count("quiet") > 0;

    // Found out now rather than at the first request; the server still starts, and answers
    // 503 until the index can be opened.
    try {
        (void)tilde::Searcher(api.index_path, api.open).info();
    } catch (const tilde::Error& error) {
        tilde::cli::print_warning(
            kProgram, std::string(error.what()) + "; requests get 503 until it can be opened");
    }

    // SIGTERM and SIGINT are taken by one thread, which stops the server: its workers finish
    // the requests they are on. Blocked before any thread starts, so all inherit the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    httplib::Server server;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(64 * 1024);  // requests are GETs; nothing big comes in
    server.set_read_timeout(10);
    server.set_write_timeout(10);
    server.set_keep_alive_timeout(5);
    // Answers are small and come whole: without TCP_NODELAY, Nagle's algorithm and the
    // client's delayed ACK held each one back ~40 ms (bench/serve.sh measured it).
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(10000);  // a client keeping its connection is no burden
    tilde::serve::add_routes(server, api);
    const std::filesystem::path web = web_folder(args);
    if (web.empty()) {
        tilde::cli::print_warning(kProgram, "no search page found (give --web DIR); the API works");
    } else if (!server.set_mount_point("/", web.string(),
                                       {{"Content-Security-Policy", "default-src 'self'"},
                                        {"X-Content-Type-Options", "nosniff"}})) {
        throw tilde::IoError("--web: cannot serve '" + web.string() + "': not a folder");
    }

    const int port = address.port == 0
                         ? server.bind_to_any_port(address.host)
                         : (server.bind_to_port(address.host, address.port) ? address.port : -1);
    if (port < 0) {
        throw tilde::IoError("cannot listen on " + address.host + ":" +
                             std::to_string(address.port) +
                             ": the address is in use or not this machine's");
    }
    if (!is_loopback(address.host)) {
        tilde::cli::print_warning(kProgram, "listening on " + address.host +
                                                ", not loopback: anyone who can reach it can "
                                                "search and read the whole index");
    }
    if (!quiet) {
        std::cerr << kProgram << ": serving '" << api.index_path << "' on http://"
                  << (address.host.find(':') != std::string::npos ? "[" + address.host + "]"
                                                                  : address.host)
                  << ':' << port << "/ with " << tilde::cli::count_of(threads, "thread")
                  << "; Ctrl-C stops" << std::endl;
    }
    std::atomic<bool> listening_ended{false};
    std::thread stopper([&] {
        int signal = 0;
        if (stop_after > 0) {
            const timespec wait{stop_after, 0};
            signal = sigtimedwait(&stop_signals, nullptr, &wait);
        } else {
            sigwait(&stop_signals, &signal);
        }
        // stop() only stops a server already listening: a signal that comes first waits.
        while (!server.is_running() && !listening_ended) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        server.stop();
    });
    const bool served = server.listen_after_bind();
    listening_ended = true;
    if (!served) {
        pthread_kill(stopper.native_handle(), SIGTERM);
    }
    stopper.join();
    if (!quiet) {
        std::cerr << kProgram << ": stopped" << std::endl;
    }
    return served ? tilde::cli::kExitOk : tilde::cli::kExitError;
}

}  // namespace

int main(int argc, char** argv) {
    return tilde::cli::run_main(kProgram, [&] { return run(argc, argv); });
}
