// SPDX-License-Identifier: MIT
/// @file http_api.hpp  tilde-serve's endpoints: search, documents, completion, stats, health.
#pragma once

#include <cstddef>
#include <string>

#include <tilde/searcher.hpp>

namespace httplib {
class Server;
}

namespace tilde::serve {

struct ApiOptions {
    std::string index_path;
    OpenOptions open;
    std::string cors_origin;  ///< Access-Control-Allow-Origin; empty: no CORS headers
    std::size_t max_query_bytes = 4096;
    std::uint32_t max_limit = 1000;
};

/// Adds the JSON API (docs/http-api.md) to `server`. Each worker thread opens its own Searcher
/// at its first request (a Searcher is not thread-safe); an index that cannot be opened gives
/// 503 until it can.
void add_routes(httplib::Server& server, const ApiOptions& options);

}  // namespace tilde::serve
