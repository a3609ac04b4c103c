// SPDX-License-Identifier: MIT
#include "json_lines_reader.hpp"

#include <nlohmann/json.hpp>

#include "dates.hpp"
#include "file_stream.hpp"
#include "text_encoding.hpp"
#include "text_parts.hpp"
#include "trim.hpp"

namespace tilde {
namespace fs = std::filesystem;
namespace {

std::string json_string_field(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return {};
    }
    if (it->is_string()) {
        return it->get<std::string>();
    }
    // Anything else is kept as its JSON text: a date given as an object then fails to parse
    // and is reported, rather than vanishing.
    return it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

uint64_t read_json_lines(const fs::path& path, const std::string& id_base,
                         const std::string& collection, const CorpusCallbacks& callbacks,
                         CorpusStats& stats) {
    uint64_t decoded_lines = 0;
    uint64_t bad_dates = 0;  // the first is reported with its line, the rest counted
    auto warn = [&](uint64_t number, const std::string& reason) {
        ++stats.skipped;
        if (callbacks.on_warning) {
            callbacks.on_warning(path.string() + ":" + std::to_string(number) + ": " + reason);
        }
    };
    auto on_long_line = [&](uint64_t number, uint64_t bytes) {
        warn(number, "a line of " + std::to_string(bytes) + " bytes, more than the " +
                         std::to_string(callbacks.max_whole_bytes) +
                         " the memory budget allows for one document (--memory); skipped");
    };
    const uint64_t hash = for_each_line(
        path, callbacks.max_whole_bytes,
        [&](const std::string& raw_line, uint64_t number) {
            if (trim_spaces(raw_line).empty() ||
                (callbacks.read_line && !callbacks.read_line(number))) {
                return;
            }
            // JSON must be UTF-8; a line that is not gets the same repair as a text file, and
            // the first such line of a file is reported.
            std::string repaired;
            DecodedText decoded = decode_text(raw_line);
            if (!decoded.note.empty() && !decoded.binary) {
                if (decoded_lines++ == 0 && callbacks.on_warning) {
                    callbacks.on_warning(path.string() + ":" + std::to_string(number) + ": " +
                                         decoded.note);
                }
                repaired = std::move(decoded.utf8);
            }
            const std::string& line = repaired.empty() ? raw_line : repaired;
            nlohmann::json object =
                nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
            if (object.is_discarded()) {
                warn(number, "not valid JSON");
                return;
            }
            if (!object.is_object()) {
                warn(number, "not a JSON object");
                return;
            }
            auto text = object.find("text");
            if (text == object.end() || !text->is_string()) {
                warn(number, "no \"text\" string field");
                return;
            }
            Document document;
            document.text = text->get<std::string>();
            document.id = json_string_field(object, "id");
            if (document.id.empty()) {
                document.id = id_base + ":" + std::to_string(number);
            }
            document.title = json_string_field(object, "title");
            document.date = json_string_field(object, "date");
            if (!document.date.empty() && !parse_metadata_date(document.date) && bad_dates++ == 0 &&
                callbacks.on_warning) {
                callbacks.on_warning(
                    path.string() + ":" + std::to_string(number) + ": date \"" + document.date +
                    "\" not understood (write 2019-08-21); indexed without a date");
            }
            document.lang = json_string_field(object, "lang");
            document.source = json_string_field(object, "source");
            if (document.source.empty()) {
                document.source = collection;
            }
            if (trim_spaces(document.text).empty()) {
                warn(number, "no text; nothing indexed");
                return;
            }
            emit_document(std::move(document), raw_line.size() + 1, callbacks);
        },
        on_long_line);
    if (bad_dates > 1 && callbacks.on_warning) {
        callbacks.on_warning(path.string() + ": " + std::to_string(bad_dates) +
                             " documents had dates not understood and were indexed without one");
    }
    if (decoded_lines > 1 && callbacks.on_warning) {
        callbacks.on_warning(path.string() + ": " + std::to_string(decoded_lines) +
                             " lines were not clean UTF-8 and were repaired the same way");
    }
    return hash;
}

}  // namespace tilde
