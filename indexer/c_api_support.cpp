// SPDX-License-Identifier: MIT
/// @file c_api_support.cpp  Status codes, messages and the version for the C API.
#include "c_api_support.hpp"

#include <new>

#include <tilde/errors.hpp>

namespace tilde::capi {
namespace {

thread_local std::string g_last_error;

}  // namespace

tilde_status fail(tilde_status status, std::string message) noexcept {
    try {
        g_last_error = std::move(message);
    } catch (...) {
        g_last_error.clear();  // no memory for the message: the status still tells
    }
    return status;
}

tilde_status fail_with_current_exception() noexcept {
    try {
        throw;
    } catch (const IndexNotFound& error) {
        return fail(TILDE_ERROR_INDEX_NOT_FOUND, error.what());
    } catch (const IndexCorrupt& error) {
        return fail(TILDE_ERROR_INDEX_CORRUPT, error.what());
    } catch (const IndexVersionMismatch& error) {
        return fail(TILDE_ERROR_VERSION_MISMATCH, error.what());
    } catch (const QuerySyntaxError& error) {
        return fail(TILDE_ERROR_QUERY_SYNTAX, error.what());
    } catch (const IoError& error) {
        return fail(TILDE_ERROR_IO, error.what());
    } catch (const ShardUnavailable& error) {
        return fail(TILDE_ERROR_SHARD_UNAVAILABLE, error.what());
    } catch (const UsageError& error) {
        return fail(TILDE_ERROR_USAGE, error.what());
    } catch (const std::bad_alloc&) {
        return fail(TILDE_ERROR_NO_MEMORY, "out of memory");
    } catch (const std::exception& error) {
        return fail(TILDE_ERROR_INTERNAL, error.what());
    } catch (...) {
        return fail(TILDE_ERROR_INTERNAL, "unknown exception");
    }
}

}  // namespace tilde::capi

extern "C" {

const char* tilde_version(void) { return TILDE_VERSION; }

const char* tilde_last_error(void) { return tilde::capi::g_last_error.c_str(); }

const char* tilde_status_name(tilde_status status) {
    switch (status) {
        case TILDE_OK:
            return "TILDE_OK";
        case TILDE_ERROR_USAGE:
            return "TILDE_ERROR_USAGE";
        case TILDE_ERROR_INDEX_NOT_FOUND:
            return "TILDE_ERROR_INDEX_NOT_FOUND";
        case TILDE_ERROR_INDEX_CORRUPT:
            return "TILDE_ERROR_INDEX_CORRUPT";
        case TILDE_ERROR_VERSION_MISMATCH:
            return "TILDE_ERROR_VERSION_MISMATCH";
        case TILDE_ERROR_QUERY_SYNTAX:
            return "TILDE_ERROR_QUERY_SYNTAX";
        case TILDE_ERROR_IO:
            return "TILDE_ERROR_IO";
        case TILDE_ERROR_NO_MEMORY:
            return "TILDE_ERROR_NO_MEMORY";
        case TILDE_ERROR_INTERNAL:
            return "TILDE_ERROR_INTERNAL";
        case TILDE_ERROR_SHARD_UNAVAILABLE:
            return "TILDE_ERROR_SHARD_UNAVAILABLE";
    }
    return "TILDE_UNKNOWN_STATUS";
}

}  // extern "C"
