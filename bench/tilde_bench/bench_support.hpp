// SPDX-License-Identifier: MIT
/// @file bench_support.hpp  What every tilde-bench report carries: the revision and machine.
#pragma once

#include <fstream>
#include <string>
#include <sys/utsname.h>
#include <thread>

#include <nlohmann/json.hpp>

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

}  // namespace tilde::bench
