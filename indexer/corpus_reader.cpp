// SPDX-License-Identifier: MIT
/// @file corpus_reader.cpp  File walking, text/Markdown/HTML/JSON Lines readers.
#include "corpus_reader.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <set>

#include <libxml/HTMLparser.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <tilde/errors.hpp>

#include "dates.hpp"
#include "fnv1a.hpp"
#include "text_encoding.hpp"
#include "trim.hpp"

namespace tilde {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxTitleBytes = 200;
// libxml2's nesting limit with XML_PARSE_HUGE.
constexpr size_t kMaxHtmlDepth = 2048;

enum class Format { Text, Markdown, Html, JsonLines };

std::string lower_ascii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The format a file name says, looking through a trailing .gz.
std::optional<Format> format_of(const fs::path& path, bool& gzipped) {
    std::string name = lower_ascii(path.filename().string());
    gzipped = name.ends_with(".gz");
    if (gzipped) {
        name.resize(name.size() - 3);
    }
    if (name.ends_with(".jsonl") || name.ends_with(".ndjson")) {
        return Format::JsonLines;
    }
    if (name.ends_with(".txt")) {
        return Format::Text;
    }
    if (name.ends_with(".md") || name.ends_with(".markdown")) {
        return Format::Markdown;
    }
    if (name.ends_with(".html") || name.ends_with(".htm")) {
        return Format::Html;
    }
    return std::nullopt;
}

// Cuts at most `max` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, size_t max) {
    if (s.size() <= max) {
        return s;
    }
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return s.substr(0, cut);
}

// A short line holding a date: a page's date line, not its headline.
bool is_dateline(std::string_view line) {
    constexpr size_t kMaxDatelineWords = 7;
    size_t words = 0;
    bool in_word = false;
    for (char c : line) {
        const bool word_byte = c != ' ' && c != '\t' && c != '|' && c != ',' && c != '/';
        words += word_byte && !in_word ? 1 : 0;
        in_word = word_byte;
    }
    return words <= kMaxDatelineWords && !find_dates(line).empty();
}

std::string first_line_title(std::string_view content, bool markdown) {
    constexpr int kMaxDatelines = 3;
    int datelines = 0;
    std::string_view first_line;
    size_t pos = 0;
    while (pos < content.size()) {
        size_t nl = content.find('\n', pos);
        std::string_view line = content.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        line = trim_spaces(line);
        if (markdown) {
            while (!line.empty() && line.front() == '#') {
                line.remove_prefix(1);
            }
            line = trim_spaces(line);
        }
        if (!line.empty()) {
            if (first_line.empty()) {
                first_line = line;
            }
            // A dateline ("Saturday, 23 February 2019", "LATIN AMERICA | 21-08-2019 12:56")
            // heads many saved news pages; the headline follows it.
            if (!is_dateline(line) || ++datelines > kMaxDatelines) {
                return std::string(
                    utf8_prefix(is_dateline(line) ? first_line : line, kMaxTitleBytes));
            }
        }
        if (nl == std::string_view::npos) {
            break;
        }
        pos = nl + 1;
    }
    return std::string(utf8_prefix(first_line, kMaxTitleBytes));
}

// Streams a file through zlib (which passes uncompressed files through) in 64 kB chunks, and
// returns the FNV-1a hash of the bytes read: the content hash tilde-index records.
template <typename OnChunk>
uint64_t for_each_chunk(const fs::path& path, OnChunk on_chunk) {
    gzFile gz = gzopen(path.c_str(), "rb");
    if (gz == nullptr) {
        throw IoError("cannot open '" + path.string() + "': " + std::strerror(errno));
    }
    std::unique_ptr<gzFile_s, decltype(&gzclose)> closer(gz, &gzclose);
    gzbuffer(gz, 1 << 17);
    Fnv1a hash;
    char chunk[1 << 16];
    int n;
    while ((n = gzread(gz, chunk, sizeof chunk)) > 0) {
        std::string_view data(chunk, static_cast<size_t>(n));
        hash.add(data);
        on_chunk(data);
    }
    if (n < 0) {
        int errnum = 0;
        throw IoError("cannot read '" + path.string() + "': " + gzerror(gz, &errnum));
    }
    return hash.value();
}

// Reads a whole file (HTML, which libxml2 parses at once), of at most `max_bytes`.
std::string read_file(const fs::path& path, uint64_t& hash, uint64_t max_bytes) {
    std::error_code ec;
    const uintmax_t size = fs::file_size(path, ec);
    auto too_big = [&](uint64_t bytes) {
        return IoError(path.string() + ": " + std::to_string(bytes) + " bytes, more than the " +
                       std::to_string(max_bytes) +
                       " the memory budget allows for one document (--memory); skipped");
    };
    if (!ec && size > max_bytes) {
        throw too_big(size);
    }
    std::string out;
    hash = for_each_chunk(path, [&](std::string_view data) {
        if (out.size() + data.size() > max_bytes) {
            throw too_big(out.size() + data.size());  // a compressed file swelling
        }
        out.append(data);
    });
    return out;
}

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

// Where to end a part of at most `limit` bytes of `text`: after the last blank line, else
// after the last line break, else at a UTF-8 character boundary.
size_t part_end(std::string_view text, size_t limit) {
    std::string_view head = text.substr(0, limit);
    if (size_t blank = head.rfind("\n\n"); blank != std::string_view::npos && blank > 0) {
        return blank + 2;
    }
    if (size_t line = head.rfind('\n'); line != std::string_view::npos && line > 0) {
        return line + 1;
    }
    size_t cut = head.size();
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return cut > 0 ? cut : head.size();
}

// Calls `on_line(line, number)` for every line of a (possibly gzipped) file, streaming;
// returns the content hash. A line longer than `max_line` is not kept: `on_long_line(number,
// bytes)` is called for it instead (a gzip of zeros is one endless line).
template <typename OnLine, typename OnLongLine>
uint64_t for_each_line(const fs::path& path, uint64_t max_line, OnLine on_line,
                       OnLongLine on_long_line) {
    std::string pending;
    uint64_t number = 0;
    uint64_t dropped = 0;  // bytes of the current line beyond what is kept: it is too long
    auto finish_line = [&] {
        ++number;
        if (dropped > 0) {
            on_long_line(number, pending.size() + dropped);
        } else {
            on_line(pending, number);
        }
        pending.clear();
        dropped = 0;
    };
    auto take = [&](std::string_view bytes) {
        if (dropped > 0 || pending.size() + bytes.size() > max_line) {
            dropped += bytes.size();
        } else {
            pending.append(bytes);
        }
    };
    uint64_t hash = for_each_chunk(path, [&](std::string_view data) {
        size_t pos = 0;
        while (pos < data.size()) {
            size_t nl = data.find('\n', pos);
            if (nl == std::string_view::npos) {
                take(data.substr(pos));
                break;
            }
            take(data.substr(pos, nl - pos));
            finish_line();
            pos = nl + 1;
        }
    });
    if (!pending.empty() || dropped > 0) {
        finish_line();
    }
    return hash;
}

// A JSON text bigger than a part goes to the writer in parts, so analysis memory stays
// bounded (text files are read in parts for the same reason).
void emit_document(Document&& document, uint64_t bytes, const CorpusCallbacks& callbacks) {
    const size_t part_bytes = std::max<uint64_t>(callbacks.part_bytes, 64);
    if (!callbacks.on_document_part || document.text.size() <= part_bytes) {
        if (callbacks.on_document) {
            callbacks.on_document(std::move(document), bytes);
        }
        return;
    }
    std::string_view text = document.text;
    size_t done = 0;
    while (done < text.size()) {
        const std::string_view rest = text.substr(done);
        const size_t end = rest.size() <= part_bytes ? rest.size() : part_end(rest, part_bytes);
        Document part = document;  // id, title, date, lang, source
        part.text = std::string(rest.substr(0, end));
        done += end;
        const bool last = done >= text.size();
        callbacks.on_document_part(std::move(part), last, last ? bytes : 0);
    }
}

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
            if (trim_spaces(raw_line).empty()) {
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

// A text or Markdown file in parts cut at paragraph breaks, streamed through zlib: memory
// stays near `part_bytes` however big the file. Returns the content hash.
uint64_t read_text_in_parts(const fs::path& path, const std::string& id, bool markdown,
                            const std::string& collection, const CorpusCallbacks& callbacks,
                            bool& blank) {
    const size_t part_bytes = std::max<uint64_t>(callbacks.part_bytes, 64);
    std::string pending;
    std::string title;
    std::string date;
    bool first = true;
    bool noted = false;
    uint64_t offset = 0;  // of `raw` in the file
    bool nuls_noted = false;
    auto emit = [&](std::string_view raw, bool last) {
        DecodedText decoded = decode_text(raw);
        if (first && decoded.binary) {
            throw IoError(path.string() + ": looks like a binary file (NUL bytes), skipped");
        }
        if (decoded.binary) {
            // NULs deep inside a text file: the text around them is kept, and said so.
            std::string without(raw);
            std::erase(without, '\0');
            decoded = decode_text(without);
            if (!nuls_noted && callbacks.on_warning) {
                callbacks.on_warning(path.string() + ": NUL bytes after byte " +
                                     std::to_string(offset) +
                                     " were dropped and the text around them indexed");
            }
            nuls_noted = true;
        }
        offset += raw.size();
        if (!decoded.note.empty() && !noted && callbacks.on_warning) {
            callbacks.on_warning(path.string() + ": " + decoded.note);  // once a file
            noted = true;
        }
        if (first && last && trim_spaces(decoded.utf8).empty()) {
            blank = true;  // a file with no text: nothing to index
            return;
        }
        Document part = parse_text_document(decoded.utf8, id, markdown);
        if (first) {  // a long file's date is looked for in its first part only
            title = part.title;
            date = part.date;
        }
        part.title = title;
        part.date = date;
        part.source = collection;
        first = false;
        callbacks.on_document_part(std::move(part), last, raw.size());
    };
    uint64_t hash = for_each_chunk(path, [&](std::string_view data) {
        pending.append(data);
        while (pending.size() > part_bytes) {
            size_t end = part_end(pending, part_bytes);
            emit(std::string_view(pending).substr(0, end), /*last=*/false);
            pending.erase(0, end);
        }
    });
    emit(pending, /*last=*/true);
    return hash;
}

void read_file_into(const fs::path& path, const std::string& id, const std::string& collection,
                    const CorpusCallbacks& callbacks, CorpusStats& stats) {
    bool gzipped = false;
    Format format = format_of(path, gzipped).value_or(Format::Text);
    if (callbacks.should_read && !callbacks.should_read(path)) {
        ++stats.unchanged;
        return;
    }
    if (callbacks.on_file) {
        callbacks.on_file(path);
    }
    ++stats.files;
    if (format == Format::JsonLines) {
        const uint64_t skipped_before = stats.skipped;
        const uint64_t hash = read_json_lines(path, id, collection, callbacks, stats);
        if (callbacks.on_file_done) {
            callbacks.on_file_done(path, stats.skipped - skipped_before, hash);
        }
        return;
    }
    if (format != Format::Html && callbacks.on_document_part) {
        bool blank = false;
        const uint64_t hash =
            read_text_in_parts(path, id, format == Format::Markdown, collection, callbacks, blank);
        if (blank) {
            ++stats.skipped;  // read, and recorded: it replaces what the file gave before
            if (callbacks.on_warning) {
                callbacks.on_warning(path.string() + ": no text; nothing indexed");
            }
        }
        if (callbacks.on_file_done) {
            callbacks.on_file_done(path, 0, hash);
        }
        return;
    }
    uint64_t hash = 0;
    std::string content = read_file(path, hash, callbacks.max_whole_bytes);
    uint64_t bytes = content.size();
    DecodedText decoded = decode_text(content);
    if (decoded.binary) {
        throw IoError(path.string() + ": looks like a binary file (NUL bytes), skipped");
    }
    if (!decoded.note.empty() && callbacks.on_warning) {
        callbacks.on_warning(path.string() + ": " + decoded.note);  // done, not skipped
    }
    bool cut_short = false;
    Document document = format == Format::Html
                            ? parse_html_document(decoded.utf8, id, &cut_short)
                            : parse_text_document(decoded.utf8, id, format == Format::Markdown);
    if (cut_short) {
        ++stats.skipped;
        if (callbacks.on_warning) {
            callbacks.on_warning(path.string() + ": elements nested more than " +
                                 std::to_string(kMaxHtmlDepth) +
                                 " deep; the text inside them was not read");
        }
    }
    document.source = collection;
    if (trim_spaces(document.text).empty()) {
        ++stats.skipped;  // read, and recorded: it replaces what the file gave before
        if (callbacks.on_warning) {
            callbacks.on_warning(path.string() + ": no text; nothing indexed");
        }
    } else {
        emit_document(std::move(document), bytes, callbacks);
    }
    if (callbacks.on_file_done) {
        callbacks.on_file_done(path, cut_short ? 1 : 0, hash);
    }
}

// HTML elements after which text starts a new paragraph.
bool is_block_element(std::string_view name) {
    static const char* const kBlocks[] = {
        "p",       "div",     "br",         "li",     "ul",         "ol",  "h1",
        "h2",      "h3",      "h4",         "h5",     "h6",         "tr",  "table",
        "section", "article", "header",     "footer", "blockquote", "pre", "hr",
        "dd",      "dt",      "figcaption", "main",   "aside",      "nav", "title"};
    for (const char* block : kBlocks) {
        if (name == block) {
            return true;
        }
    }
    return false;
}

// Collapses the white space a title spans, and bounds it.
std::string title_text(std::string_view inner) {
    std::string collapsed;
    bool space = false;
    for (char c : trim_spaces(inner)) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !collapsed.empty()) {
            collapsed.push_back(' ');
        }
        space = false;
        collapsed.push_back(c);
    }
    return std::string(utf8_prefix(collapsed, kMaxTitleBytes));
}

bool is_block(const xmlNode* node) {
    return node->type == XML_ELEMENT_NODE &&
           is_block_element(reinterpret_cast<const char*>(node->name));
}

// The text of `first`, its siblings and everything under them, in document order; the first
// <title> and <h1> found are also kept. Walked through the tree's own parent links, not by
// recursion: a page can nest elements hundreds of thousands deep.
void collect_html_text(xmlNode* first, std::string& text, std::string& title, std::string& h1) {
    if (first == nullptr) {
        return;
    }
    const xmlNode* const stop = first->parent;
    xmlNode* node = first;
    while (node != nullptr) {
        bool descend = false;
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content != nullptr) {
                text.append(reinterpret_cast<const char*>(node->content));
            }
        } else if (node->type == XML_ELEMENT_NODE) {
            const std::string_view name = reinterpret_cast<const char*>(node->name);
            const bool hidden =
                name == "script" || name == "style" || name == "noscript" || name == "template";
            if (name == "title" || (name == "h1" && h1.empty())) {
                std::string inner;
                std::string ignored_title;
                std::string ignored_h1 = "-";
                collect_html_text(node->children, inner, ignored_title, ignored_h1);
                std::string& target = name == "title" ? title : h1;
                if (target.empty()) {
                    target = title_text(inner);
                }
            }
            if (!hidden && name != "title") {  // the <title> is metadata, not body text
                if (is_block(node)) {
                    text.append("\n\n");
                }
                descend = node->children != nullptr;
                if (!descend && is_block(node)) {
                    text.append("\n\n");
                }
            }
        }
        if (descend) {
            node = node->children;
            continue;
        }
        // On to the next node, closing each block element left on the way up.
        while (node->next == nullptr) {
            node = node->parent;
            if (node == nullptr || node == stop) {
                return;
            }
            if (is_block(node)) {
                text.append("\n\n");
            }
        }
        node = node->next;
    }
}

// Collapses runs of spaces inside lines and of blank lines, so HTML source layout does not
// decide where passages end.
std::string tidy_extracted_text(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    int newlines = 0;
    bool space = false;
    for (char c : raw) {
        if (c == '\n') {
            ++newlines;
            space = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            space = true;
            continue;
        }
        if (newlines > 0) {
            if (!out.empty()) {
                out.append(newlines >= 2 ? "\n\n" : " ");
            }
        } else if (space && !out.empty()) {
            out.push_back(' ');
        }
        newlines = 0;
        space = false;
        out.push_back(c);
    }
    return out;
}

}  // namespace

uint64_t content_hash(const fs::path& path) {
    return for_each_chunk(path, [](std::string_view) {});
}

bool is_supported_file(const fs::path& path) {
    bool gzipped = false;
    std::optional<Format> format = format_of(path, gzipped);
    return format.has_value() && (!gzipped || *format == Format::JsonLines);
}

Document parse_text_document(std::string_view content, std::string id, bool markdown) {
    if (content.starts_with("\xEF\xBB\xBF")) {
        content.remove_prefix(3);  // UTF-8 byte order mark
    }
    Document document;
    document.id = std::move(id);
    document.title = first_line_title(content, markdown);
    document.text = std::string(content);
    if (std::optional<CalendarDate> date = document_date(content)) {
        document.date = iso_date(date_key(*date));
    }
    return document;
}

Document parse_html_document(std::string_view content, std::string id, bool* cut_short) {
    Document document;
    document.id = std::move(id);
    // HUGE lifts libxml2's nesting limit from 256 to kMaxHtmlDepth; deeper elements are
    // dropped by the parser, which then says so in its last error.
    htmlParserCtxtPtr context = htmlNewParserCtxt();
    if (context == nullptr) {
        return document;
    }
    htmlDocPtr html = htmlCtxtReadMemory(
        context, content.data(), static_cast<int>(content.size()), nullptr, "UTF-8",
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
            XML_PARSE_HUGE);
    const bool too_deep = context->lastError.message != nullptr &&
                          std::strstr(context->lastError.message, "Excessive depth") != nullptr;
    htmlFreeParserCtxt(context);
    if (cut_short != nullptr) {
        *cut_short = too_deep;
    }
    if (html == nullptr) {
        return document;
    }
    std::string raw;
    std::string h1;
    collect_html_text(xmlDocGetRootElement(html), raw, document.title, h1);
    xmlFreeDoc(html);
    if (document.title.empty()) {
        document.title = h1;
    }
    document.text = tidy_extracted_text(raw);
    if (document.title.empty()) {
        document.title = first_line_title(document.text, false);
    }
    if (std::optional<CalendarDate> date = document_date(document.text)) {
        document.date = iso_date(date_key(*date));
    }
    return document;
}

namespace {

// The supported files under `folder`, recursively. Unreadable folders, broken symbolic links
// and links back into a folder already walked are reported and skipped; links to folders
// elsewhere are followed.
void collect_files(const fs::path& folder, std::vector<fs::path>& files,
                   std::set<fs::path>& folders_seen, CorpusStats& stats,
                   const std::function<void(const std::string&)>& warn) {
    std::error_code ec;
    fs::path canonical = fs::canonical(folder, ec);
    if (!ec && !folders_seen.insert(canonical).second) {
        warn(folder.string() + ": symbolic link loop (back to " + canonical.string() +
             "), skipped");
        return;
    }
    fs::directory_iterator it(folder, ec);
    if (ec) {
        warn(folder.string() + ": cannot read folder: " + ec.message() + ", skipped");
        return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) {
            warn(folder.string() + ": cannot list folder: " + ec.message());
            return;
        }
        const fs::path& path = it->path();
        std::error_code status_ec;
        fs::file_status status = it->status(status_ec);  // follows links
        if (it->is_symlink(status_ec) && !fs::exists(status)) {
            warn(path.string() + ": broken symbolic link, skipped");
        } else if (fs::is_directory(status)) {
            collect_files(path, files, folders_seen, stats, warn);
        } else if (!fs::is_regular_file(status)) {
            continue;  // sockets, devices, fifos: not documents
        } else if (is_supported_file(path)) {
            files.push_back(path);
        } else {
            ++stats.unsupported;
        }
    }
}

}  // namespace

namespace {

// The collection a file belongs to, for source: queries: the name of the folder indexed
// ("corpus/venezuela/" -> "venezuela"), or of a file's own folder.
std::string collection_name(const fs::path& folder) {
    std::error_code ec;
    fs::path full = fs::weakly_canonical(folder.empty() ? fs::path(".") : folder, ec);
    if (ec) {
        full = folder.lexically_normal();
    }
    std::string name = full.filename().string();
    if (name.empty()) {
        name = full.parent_path().filename().string();
    }
    return name;
}

}  // namespace

std::vector<CorpusFile> list_corpus(const std::vector<fs::path>& paths,
                                    const CorpusCallbacks& callbacks, CorpusStats& stats) {
    auto warn = [&](const std::string& message) {
        ++stats.skipped;
        if (callbacks.on_warning) {
            callbacks.on_warning(message);
        }
    };
    for (const fs::path& root : paths) {
        std::error_code ec;
        if (!fs::exists(fs::status(root, ec))) {
            throw IoError("cannot read '" + root.string() + "': no such file or folder");
        }
    }
    std::vector<CorpusFile> out;
    for (const fs::path& root : paths) {
        std::error_code ec;
        if (!fs::is_directory(fs::status(root, ec))) {
            out.push_back({root, root.filename().string(), collection_name(root.parent_path())});
            continue;
        }
        const std::string collection = collection_name(root);
        std::vector<fs::path> files;
        std::set<fs::path> folders_seen;
        collect_files(root, files, folders_seen, stats, warn);
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            // lexically: a file reached through a linked folder keeps the path it was found at
            out.push_back({file, file.lexically_relative(root).generic_string(), collection});
        }
    }
    return out;
}

void read_corpus_file(const CorpusFile& file, const CorpusCallbacks& callbacks,
                      CorpusStats& stats) {
    try {
        read_file_into(file.path, file.id, file.collection, callbacks, stats);
    } catch (const IoError& error) {
        ++stats.skipped;
        if (callbacks.on_warning) {
            callbacks.on_warning(error.what());
        }
    }
}

CorpusStats read_corpus(const std::vector<fs::path>& paths, const CorpusCallbacks& callbacks) {
    CorpusStats stats;
    for (const CorpusFile& file : list_corpus(paths, callbacks, stats)) {
        read_corpus_file(file, callbacks, stats);
    }
    return stats;
}

}  // namespace tilde
