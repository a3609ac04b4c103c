// SPDX-License-Identifier: MIT
/// @file errors.hpp  The exceptions thrown across tilde's public API.
#pragma once

#include <stdexcept>
#include <string>

namespace tilde {

/// Base of every exception tilde throws. what() is one lower-case line that names the bad value.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The caller broke an API contract (bad option value, writer used after close, ...).
class UsageError : public Error {
  public:
    using Error::Error;
};

/// Something outside the caller's code went wrong: files, the index, a query.
class RuntimeError : public Error {
  public:
    using Error::Error;
};

/// No tilde index at the given path.
class IndexNotFound : public RuntimeError {
  public:
    using RuntimeError::RuntimeError;
};

/// The index exists but cannot be read (damaged, or not a tilde index).
class IndexCorrupt : public RuntimeError {
  public:
    using RuntimeError::RuntimeError;
};

/// The index was built by an incompatible format or analyzer version: re-index.
class IndexVersionMismatch : public RuntimeError {
  public:
    using RuntimeError::RuntimeError;
};

/// The query cannot be interpreted.
class QuerySyntaxError : public RuntimeError {
  public:
    using RuntimeError::RuntimeError;
};

/// A shard of a sharded index cannot be reached (its server is down or too slow, its folder
/// is gone). what() names the shard.
class ShardUnavailable : public RuntimeError {
  public:
    using RuntimeError::RuntimeError;
};

/// Reading or writing a file failed.
class IoError : public RuntimeError {
  public:
    using RuntimeError::RuntimeError;
};

}  // namespace tilde
