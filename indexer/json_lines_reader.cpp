// SPDX-License-Identifier: MIT
#include "json_lines_reader.hpp"

#include <string_view>

#include <nlohmann/json.hpp>

#include "dates.hpp"
#include "file_stream.hpp"
#include "json_repair.hpp"
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

// A repair or a doubt that can meet many lines of a file: the first is named with its line,
// the count of all given once at the end, so a file of a million such lines warns twice.
class LineNotice {
  public:
    explicit LineNotice(std::string counted_as) : counted_as_(std::move(counted_as)) {}
    /// Counts one; true for the first.
    bool first() { return count_++ == 0; }
    [[nodiscard]] uint64_t count() const { return count_; }
    [[nodiscard]] std::string summary() const { return std::to_string(count_) + counted_as_; }

  private:
    std::string counted_as_;
    uint64_t count_ = 0;
};

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
    // Each repair and doubt is named at its first line, and the rest counted at the end.
    LineNotice decoded_lines(" lines were not clean UTF-8 text and were repaired the same way");
    LineNotice surrogate_lines(" lines had lone UTF-16 surrogate escapes, replaced the same way");
    LineNotice control_lines(" lines had control characters raw in strings, escaped the same way");
    LineNotice bad_dates(" documents had dates not understood and were indexed without one");
    LineNotice bad_langs(" documents had a lang not understood; theirs was told from the text");
    auto notice = [&](LineNotice& kind, uint64_t number, const std::string& what) {
        if (kind.first() && callbacks.on_warning) {
            callbacks.on_warning(path.string() + ":" + std::to_string(number) + ": " + what);
        }
    };
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
            // the first such line of a file is reported. A line is text whatever its bytes: its
            // NULs are dropped however many (looks_binary() would call a short line of three
            // binary).
            std::string repaired;
            DecodedText decoded = decode_text(raw_line, /*known_text=*/true);
            if (!decoded.note.empty() || decoded.nuls.count > 0) {
                notice(decoded_lines, number,
                       decoded.note.empty() ? describe(decoded.nuls) : decoded.note);
                repaired = std::move(decoded.utf8);
            }
            const std::string& line = repaired.empty() ? raw_line : repaired;
            nlohmann::json object =
                nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
            if (object.is_discarded()) {
                std::string mended = line;
                const size_t replaced = replace_lone_surrogates(mended);
                const size_t escaped = escape_raw_controls(mended);
                if (replaced + escaped > 0) {
                    object = nlohmann::json::parse(mended, nullptr, false);
                }
                if (object.is_discarded()) {
                    warn(number, json_error(line));
                    return;
                }
                if (replaced > 0) {
                    notice(surrogate_lines, number,
                           "replaced " + std::to_string(replaced) +
                               " lone UTF-16 surrogate escape" + (replaced == 1 ? "" : "s") +
                               " with U+FFFD");
                }
                if (escaped > 0) {
                    notice(control_lines, number,
                           "escaped " + std::to_string(escaped) + " control character" +
                               (escaped == 1 ? "" : "s") +
                               " that JSON forbids raw inside a string");
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
            if (!document.date.empty() && !parse_metadata_date(document.date)) {
                notice(bad_dates, number,
                       "date \"" + excerpt(document.date) +
                           "\" not understood (write 2019-08-21); indexed without a date");
            }
            document.lang = json_string_field(object, "lang");
            if (!document.lang.empty() && !parse_language(document.lang)) {
                notice(bad_langs, number,
                       "lang \"" + excerpt(document.lang) +
                           "\" not understood (write es or en); the language is told from the "
                           "text");
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
    for (const LineNotice* kind :
         {&bad_dates, &bad_langs, &surrogate_lines, &control_lines, &decoded_lines}) {
        if (kind->count() > 1 && callbacks.on_warning) {
            callbacks.on_warning(path.string() + ": " + kind->summary());
        }
    }
    return hash;
}

}  // namespace tilde
