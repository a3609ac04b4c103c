// SPDX-License-Identifier: MIT
/// @file http_api.cpp  Requests to Searcher calls and JSON answers; errors as {"error": ...}.
#include "http_api.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <memory>
#include <span>
#include <sstream>
#include <string_view>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>

#include "printers.hpp"

namespace tilde::serve {
namespace {

using nlohmann::json;

// A request the client got wrong: 400, or 404 for something that is not there.
struct BadRequest {
    int status;
    std::string message;
};

void send_json(httplib::Response& response, int status, const std::string& body) {
    response.status = status;
    response.set_content(body, "application/json; charset=utf-8");
}

void send_error(httplib::Response& response, int status, const std::string& message) {
    send_json(response, status,
              json({{"error", message}}).dump(-1, ' ', false, json::error_handler_t::replace));
}

// One Searcher per worker thread, opened at its first request; dropped when the index fails,
// so that the next request opens it again.
thread_local std::unique_ptr<Searcher> t_searcher;

Searcher& thread_searcher(const ApiOptions& options) {
    if (!t_searcher) {
        t_searcher = std::make_unique<Searcher>(options.index_path, options.open);
    }
    return *t_searcher;
}

// The parameters each endpoint takes. Any other is refused, as Elasticsearch refuses them:
// a misspelt `limt=5` would otherwise be dropped without a word and the default answered.
constexpr std::array<std::string_view, 11> kSearchParams = {
    "q",      "limit",   "offset",   "lang",      "sort",    "per_document",
    "facets", "explain", "snippets", "translate", "synonyms"};
constexpr std::array<std::string_view, 2> kCompleteParams = {"prefix", "limit"};

void check_params(const httplib::Request& request, std::span<const std::string_view> known) {
    for (const auto& [name, value] : request.params) {
        if (name.empty()) {
            continue;  // "?q=x&": nothing asked
        }
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string list;
            for (const std::string_view param : known) {
                list += (list.empty() ? "" : ", ") + std::string(param);
            }
            constexpr size_t kShownBytes = 60;  // of a name that may be 8 KB long
            const std::string shown =
                name.size() > kShownBytes ? name.substr(0, kShownBytes) + "..." : name;
            throw BadRequest{400, "unknown parameter '" + shown + "'" +
                                      (list.empty() ? ": this endpoint takes none"
                                                    : ": this endpoint takes " + list)};
        }
        if (request.get_param_value_count(name) > 1) {
            throw BadRequest{400, name + ": given more than once"};
        }
    }
}

std::uint32_t number_param(const httplib::Request& request, const std::string& name,
                           std::uint32_t fallback, std::uint32_t max) {
    if (!request.has_param(name)) {
        return fallback;
    }
    const std::string text = request.get_param_value(name);
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    const bool digits_only = !text.empty() && end == text.data() + text.size();
    if (!digits_only || (error != std::errc() && error != std::errc::result_out_of_range)) {
        throw BadRequest{400, name + ": '" + text + "' is not a whole number"};
    }
    if (error == std::errc::result_out_of_range || value > max) {  // beyond 32 bits: too many
        throw BadRequest{400, name + ": " + text + " is more than " + std::to_string(max)};
    }
    return value;
}

bool flag_param(const httplib::Request& request, const std::string& name, bool fallback) {
    if (!request.has_param(name)) {
        return fallback;
    }
    const std::string text = request.get_param_value(name);
    if (text == "1" || text == "true") {
        return true;
    }
    if (text == "0" || text == "false") {
        return false;
    }
    throw BadRequest{400, name + ": '" + text + "' is not 0 or 1"};
}

std::string text_param(const httplib::Request& request, const std::string& name,
                       const ApiOptions& options, bool required) {
    const std::string text = request.get_param_value(name);
    if (required && text.find_first_not_of(" \t") == std::string::npos) {
        throw BadRequest{400, name + ": missing (the query to search for)"};
    }
    if (text.size() > options.max_query_bytes) {
        throw BadRequest{400, name + ": " + std::to_string(text.size()) + " bytes, more than " +
                                  std::to_string(options.max_query_bytes)};
    }
    return text;
}

SearchOptions search_options(const httplib::Request& request, const ApiOptions& options) {
    SearchOptions search;
    search.limit = number_param(request, "limit", 10, options.max_limit);
    if (search.limit == 0) {
        throw BadRequest{400, "limit: must be at least 1"};
    }
    search.offset = number_param(request, "offset", 0, 1000000);
    search.per_document = number_param(request, "per_document", 0, options.max_limit);
    if (request.has_param("lang")) {
        const std::string lang = request.get_param_value("lang");
        const std::optional<QueryLanguage> language = parse_query_language(lang);
        if (!language) {
            throw BadRequest{400, "lang: unknown language '" + lang + "': use es, en or auto"};
        }
        search.lang = *language;
    }
    if (request.has_param("sort")) {
        const std::string sort = request.get_param_value("sort");
        const std::optional<SortOrder> order = parse_sort_order(sort);
        if (!order) {
            throw BadRequest{400,
                             "sort: unknown order '" + sort + "': use relevance, date or -date"};
        }
        search.sort = *order;
    }
    search.explain = flag_param(request, "explain", false);
    search.snippets = flag_param(request, "snippets", true);
    search.translate = flag_param(request, "translate", true);
    search.synonyms = flag_param(request, "synonyms", true);
    search.facets = parse_facet_list(request.get_param_value("facets"));
    return search;
}

std::string search(const httplib::Request& request, const ApiOptions& options) {
    check_params(request, kSearchParams);
    const std::string query = text_param(request, "q", options, true);
    const SearchOptions search = search_options(request, options);
    const SearchResults results = thread_searcher(options).search(query, search);
    std::ostringstream out;
    cli::print_json(out, results, search.explain);
    return out.str();
}

std::string document(const httplib::Request& request, const ApiOptions& options) {
    check_params(request, kSearchParams);
    const std::string doc = request.matches[1];
    const std::string query = text_param(request, "q", options, false);
    const std::optional<DocumentText> text =
        thread_searcher(options).document(doc, query, search_options(request, options));
    if (!text) {
        throw BadRequest{404, "no document '" + doc + "' in the index"};
    }
    std::ostringstream out;
    cli::print_document_json(out, *text);
    return out.str();
}

std::string complete(const httplib::Request& request, const ApiOptions& options) {
    check_params(request, kCompleteParams);
    const std::string prefix = text_param(request, "prefix", options, false);
    const std::uint32_t limit = number_param(request, "limit", 10, 100);
    json words = json::array();
    if (!prefix.empty()) {
        for (const std::string& word : thread_searcher(options).complete(prefix, limit)) {
            words.push_back(word);
        }
    }
    return json({{"prefix", prefix}, {"completions", words}})
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

json stats(const ApiOptions& options) {
    const IndexInfo info = thread_searcher(options).info();
    return {{"documents", info.documents},
            {"passages", info.passages},
            {"terms", info.terms},
            {"size_bytes", info.size_bytes},
            {"analyzer", info.analyzer},
            {"shards", info.shards},
            {"remote_shards", info.remote_shards},
            {"unavailable_shards", info.unavailable_shards}};
}

// 400 for what the request got wrong (a query, a parameter), 503 while the index cannot be
// read, 500 for anything else.
int status_of(const Error& error) {
    if (dynamic_cast<const UsageError*>(&error) != nullptr ||
        dynamic_cast<const QuerySyntaxError*>(&error) != nullptr) {
        return 400;
    }
    if (dynamic_cast<const IndexNotFound*>(&error) != nullptr ||
        dynamic_cast<const IndexCorrupt*>(&error) != nullptr ||
        dynamic_cast<const IndexVersionMismatch*>(&error) != nullptr ||
        dynamic_cast<const ShardUnavailable*>(&error) != nullptr) {
        return 503;
    }
    return 500;
}

// Runs `answer` and sends what it returns, or the error it stands for.
template <class Answer>
httplib::Server::Handler handler(const ApiOptions& options, Answer answer) {
    return [&options, answer](const httplib::Request& request, httplib::Response& response) {
        if (!options.cors_origin.empty()) {
            response.set_header("Access-Control-Allow-Origin", options.cors_origin);
        }
        try {
            send_json(response, 200, answer(request));
        } catch (const BadRequest& bad) {
            send_error(response, bad.status, bad.message);
        } catch (const Error& error) {
            const int status = status_of(error);
            if (status >= 500) {
                t_searcher.reset();  // the next request opens the index again
            }
            send_error(response, status, error.what());
        } catch (const std::exception& error) {
            t_searcher.reset();
            send_error(response, 500, error.what());
        }
    };
}

}  // namespace

void add_routes(httplib::Server& server, const ApiOptions& options) {
    server.Get("/search", handler(options, [&options](const httplib::Request& request) {
                   return search(request, options);
               }));
    server.Get(R"(/documents/(.+))", handler(options, [&options](const httplib::Request& request) {
                   return document(request, options);
               }));
    server.Get("/complete", handler(options, [&options](const httplib::Request& request) {
                   return complete(request, options);
               }));
    server.Get("/stats", handler(options, [&options](const httplib::Request& request) {
                   check_params(request, {});
                   return stats(options).dump(-1, ' ', false, json::error_handler_t::replace);
               }));
    server.Get("/health", handler(options, [&options](const httplib::Request&) {
                   const json counts = stats(options);
                   return json({{"status", "ok"}, {"passages", counts["passages"]}}).dump();
               }));
    // Whatever no route answered (404, 405, a request too large) still gets a JSON error.
    server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) {
            return;
        }
        std::string message = "HTTP status " + std::to_string(response.status);
        if (response.status == 404) {
            message = "no such endpoint: " + request.path;
        } else if (response.status == 413) {
            message = "the request is too large (at most 64 KB)";
        } else if (response.status == 414) {
            message = "the URL is too long";
        } else if (request.method != "GET" && request.method != "HEAD") {
            message = request.method + " is not answered: the API takes GET requests";
        }
        send_error(response, response.status, message);
    });
}

}  // namespace tilde::serve
