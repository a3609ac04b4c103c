// SPDX-License-Identifier: MIT
/// @file bench_support.hpp  What every tilde-bench report carries: the revision and machine.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/utsname.h>
#include <thread>

#include <nlohmann/json.hpp>

#include "git_revision.hpp"

namespace tilde::bench {

/// {"git": revision, "machine": {...}}: figures mean little without where they came from.
inline nlohmann::json environment_json() {
    utsname names{};
    uname(&names);
    std::string cpu;
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("model name", 0) == 0) {
            cpu = line.substr(line.find(':') + 2);
            break;
        }
    }
    return {{"git", TILDE_GIT_REVISION},
            {"machine",
             {{"cpu", cpu},
              {"cores", std::thread::hardware_concurrency()},
              {"kernel", std::string(names.sysname) + " " + names.release}}}};
}

/// Bytes on disk of an index: a file, or a folder's files.
inline std::uint64_t disk_bytes(const std::filesystem::path& path) {
    if (std::filesystem::is_regular_file(path)) {
        return std::filesystem::file_size(path);
    }
    std::uint64_t total = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
        if (entry.is_regular_file()) {
            total += entry.file_size();
        }
    }
    return total;
}

}  // namespace tilde::bench
