// SPDX-License-Identifier: MIT
#include "json_lines_reader.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include <nlohmann/json.hpp>

#include "dates.hpp"
#include "file_stream.hpp"
#include "language.hpp"
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

// A declared title is kept whole up to this, a generous line: beyond it, it is not a title
// (and would be repeated with every hit, and indexed word by word).
constexpr size_t kMaxDeclaredTitleBytes = 1000;

bool is_hex4(std::string_view digits) {
    return digits.size() == 4 && std::all_of(digits.begin(), digits.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) != 0;
           });
}

// A UTF-16 surrogate escaped alone ("\ud83d" where an emoji was cut in two, as JavaScript and
// Python write them) makes the whole line invalid JSON. Each becomes "\ufffd" (U+FFFD), the
// rest of the line untouched; returns how many were replaced.
size_t replace_lone_surrogates(std::string& line) {
    auto unit_at = [&](size_t i) -> int {  // the code unit of an escape "\uXXXX" at i, or -1
        if (i + 6 > line.size() || line[i] != '\\' || line[i + 1] != 'u' ||
            !is_hex4(std::string_view(line).substr(i + 2, 4))) {
            return -1;
        }
        return std::stoi(line.substr(i + 2, 4), nullptr, 16);
    };
    auto is_high = [](int unit) { return unit >= 0xD800 && unit <= 0xDBFF; };
    auto is_low = [](int unit) { return unit >= 0xDC00 && unit <= 0xDFFF; };
    size_t replaced = 0;
    std::string out;
    out.reserve(line.size());
    for (size_t i = 0; i < line.size();) {
        if (line[i] != '\\' || i + 1 == line.size()) {
            out += line[i++];
            continue;
        }
        const int unit = unit_at(i);
        if (is_high(unit) && is_low(unit_at(i + 6))) {
            out.append(line, i, 12);  // a whole pair
            i += 12;
        } else if (is_high(unit) || is_low(unit)) {
            out += "\\ufffd";
            ++replaced;
            i += 6;
        } else {
            out.append(line, i, unit >= 0 ? 6 : 2);  // another escape, kept as it is
            i += unit >= 0 ? 6 : 2;
        }
    }
    if (replaced > 0) {
        line = std::move(out);
    }
    return replaced;
}

// Why a line is not JSON, from the parser's own words ("syntax error while parsing object -
// unexpected end of input; expected '}'"), at most a line's worth of them.
std::string json_error(const std::string& line) {
    try {
        [[maybe_unused]] const nlohmann::json parsed = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& error) {
        std::string reason = error.what();
        const size_t colon = reason.find(": ", reason.find("column "));
        reason = colon == std::string::npos ? reason : reason.substr(colon + 2);
        constexpr size_t kMaxReason = 120;
        if (reason.size() > kMaxReason) {
            reason = reason.substr(0, kMaxReason) + "...";
        }
        return "not valid JSON at byte " + std::to_string(error.byte) + ": " + reason;
    } catch (const nlohmann::json::exception&) {
    }
    return "not valid JSON";
}

}  // namespace

uint64_t read_json_lines(const fs::path& path, const std::string& id_base,
                         const std::string& collection, const CorpusCallbacks& callbacks,
                         CorpusStats& stats) {
    uint64_t decoded_lines = 0;
    uint64_t surrogate_lines = 0;
    uint64_t bad_dates = 0;  // the first is reported with its line, the rest counted
    uint64_t bad_langs = 0;  // the same
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
    bool ended_early = false;
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
                std::string mended = line;
                const size_t replaced = replace_lone_surrogates(mended);
                if (replaced > 0) {
                    object = nlohmann::json::parse(mended, nullptr, false);
                }
                if (object.is_discarded()) {
                    warn(number, json_error(line));
                    return;
                }
                if (surrogate_lines++ == 0 && callbacks.on_warning) {
                    callbacks.on_warning(path.string() + ":" + std::to_string(number) +
                                         ": replaced " + std::to_string(replaced) +
                                         " lone UTF-16 surrogate escape" +
                                         (replaced == 1 ? "" : "s") + " with U+FFFD");
                }
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
            if (document.title.size() > kMaxDeclaredTitleBytes) {
                if (callbacks.on_warning) {
                    callbacks.on_warning(path.string() + ":" + std::to_string(number) +
                                         ": a title of " + std::to_string(document.title.size()) +
                                         " bytes; its first " +
                                         std::to_string(kMaxDeclaredTitleBytes) + " are kept");
                }
                document.title = utf8_prefix(document.title, kMaxDeclaredTitleBytes);
            }
            document.date = json_string_field(object, "date");
            if (!document.date.empty() && !parse_metadata_date(document.date) && bad_dates++ == 0 &&
                callbacks.on_warning) {
                callbacks.on_warning(
                    path.string() + ":" + std::to_string(number) + ": date \"" +
                    excerpt(document.date) +
                    "\" not understood (write 2019-08-21); indexed without a date");
            }
            document.lang = json_string_field(object, "lang");
            if (!document.lang.empty() && !parse_language(document.lang)) {
                if (bad_langs++ == 0 && callbacks.on_warning) {
                    callbacks.on_warning(path.string() + ":" + std::to_string(number) +
                                         ": lang \"" + excerpt(document.lang) +
                                         "\" not understood (write es or en); the language is "
                                         "told from the text");
                }
                document.lang.clear();
            }
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
        on_long_line, &ended_early);
    if (ended_early) {
        warn_ended_early(path, callbacks, stats);
    }
    if (bad_dates > 1 && callbacks.on_warning) {
        callbacks.on_warning(path.string() + ": " + std::to_string(bad_dates) +
                             " documents had dates not understood and were indexed without one");
    }
    if (bad_langs > 1 && callbacks.on_warning) {
        callbacks.on_warning(path.string() + ": " + std::to_string(bad_langs) +
                             " documents had a lang not understood; theirs was told from the text");
    }
    if (surrogate_lines > 1 && callbacks.on_warning) {
        callbacks.on_warning(path.string() + ": " + std::to_string(surrogate_lines) +
                             " lines had lone UTF-16 surrogate escapes, replaced the same way");
    }
    if (decoded_lines > 1 && callbacks.on_warning) {
        callbacks.on_warning(path.string() + ": " + std::to_string(decoded_lines) +
                             " lines were not clean UTF-8 and were repaired the same way");
    }
    return hash;
}

}  // namespace tilde
