// SPDX-License-Identifier: MIT
#include "read_retry.hpp"

#include <chrono>
#include <thread>

#include <tilde/errors.hpp>

namespace tilde {

void ReadAttempts::after_modified(const std::string& what) {
    if (!another()) {
        throw IndexCorrupt(what + ": the index kept changing while being read");
    }
    // A writer commits in bursts: backing off lets a burst end rather than racing it.
    std::this_thread::sleep_for(std::chrono::milliseconds(1 << (made_ - 1)));
}

}  // namespace tilde
