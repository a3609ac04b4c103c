// SPDX-License-Identifier: MIT
/// @file c_api_support.hpp  What the C API's writer and searcher halves share: turning C++
/// exceptions into a tilde_status plus a per-thread message.
#pragma once

#include <string>

#include <tilde/tilde.h>

namespace tilde::capi {

/// Records `message` as this thread's last error and returns `status`.
tilde_status fail(tilde_status status, std::string message) noexcept;

/// Maps the exception being handled (call only inside a catch block) to a status and records
/// its message.
tilde_status fail_with_current_exception() noexcept;

/// Runs `body`, turning any exception into a status: nothing thrown crosses into C.
template <class Body>
tilde_status guard(Body&& body) noexcept {
    try {
        body();
        return TILDE_OK;
    } catch (...) {
        return fail_with_current_exception();
    }
}

/// A NUL-terminated argument that must be present.
inline bool missing(const char* argument) { return argument == nullptr; }

}  // namespace tilde::capi
