// SPDX-License-Identifier: MIT
/// @file corpus_reader.cpp  File walking, and each file to its reader (text and Markdown here;
/// HTML in html_document.cpp, JSON Lines in json_lines_reader.cpp).
#include "corpus_reader.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <set>

#include <tilde/errors.hpp>

#include "dates.hpp"
#include "file_stream.hpp"
#include "html_document.hpp"
#include "json_lines_reader.hpp"
#include "text_encoding.hpp"
#include "text_parts.hpp"
#include "trim.hpp"

namespace tilde {
namespace fs = std::filesystem;
namespace {

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

// A text or Markdown file in parts cut at paragraph breaks, streamed through zlib: memory
// stays near `part_bytes` however big the file. Returns the content hash.
uint64_t read_text_in_parts(const fs::path& path, const std::string& id, bool markdown,
                            const std::string& collection, const CorpusCallbacks& callbacks,
                            bool& blank, bool& ended_early) {
    const size_t part_bytes = std::max<uint64_t>(callbacks.part_bytes, 64);
    std::string pending;
    std::string title;
    std::string date;
    bool first = true;
    bool noted = false;
    uint64_t offset = 0;       // of `raw` in the file
    DroppedNuls nuls_dropped;  // in the whole file: said once, at its end
    auto emit = [&](std::string_view raw, bool last) {
        // The first part tells a binary file; after it, a run of NULs deep inside a text file
        // is dropped and the text around it kept.
        DecodedText decoded = decode_text(raw, /*known_text=*/!first);
        if (decoded.binary) {
            throw IoError(path.string() + ": looks like a binary file (NUL bytes), skipped");
        }
        nuls_dropped.add(decoded.nuls, offset);
        offset += raw.size();
        if (!decoded.note.empty() && !noted && callbacks.on_warning) {
            callbacks.on_warning(path.string() + ": " + decoded.note);  // once a file
            noted = true;
        }
        Document part = parse_text_document(decoded.utf8, id, markdown, first);
        if (first && last && trim_spaces(part.text).empty()) {
            blank = true;  // a file with no text (front matter at most): nothing to index
            return;
        }
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
    // UTF-16 is made UTF-8 as it streams in, before the cuts: decoded part by part, every
    // part after the first (no byte order mark, maybe cut mid-character) came out garbled.
    std::unique_ptr<Utf16Decoder> utf16;
    bool started = false;
    uint64_t hash = for_each_chunk(
        path,
        [&](std::string_view data) {
            if (!started) {
                started = true;
                if (const Utf16Start start = detect_utf16(data); start.charset != nullptr) {
                    utf16 = std::make_unique<Utf16Decoder>(start.charset);
                    data.remove_prefix(start.mark_bytes);
                    if (callbacks.on_warning) {
                        callbacks.on_warning(
                            path.string() + ": read as " + start.charset +
                            (start.mark_bytes == 0 ? " (no byte order mark)" : ""));
                    }
                    noted = true;
                }
            }
            if (utf16) {
                utf16->decode(data, /*last=*/false, pending);
            } else {
                pending.append(data);
            }
            while (pending.size() > part_bytes) {
                size_t end = part_end(pending, part_bytes);
                emit(std::string_view(pending).substr(0, end), /*last=*/false);
                pending.erase(0, end);
            }
        },
        &ended_early);
    if (utf16) {
        utf16->decode({}, /*last=*/true, pending);
    }
    emit(pending, /*last=*/true);
    if (nuls_dropped.count > 0 && callbacks.on_warning) {
        callbacks.on_warning(path.string() + ": " + describe(nuls_dropped));
    }
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
        bool ended_early = false;
        const uint64_t hash = read_text_in_parts(path, id, format == Format::Markdown, collection,
                                                 callbacks, blank, ended_early);
        if (ended_early) {
            warn_ended_early(path, callbacks, stats);
        }
        if (blank) {
            ++stats.skipped;  // read, and recorded: it replaces what the file gave before
            if (callbacks.on_warning) {
                callbacks.on_warning(path.string() + ": no text; nothing indexed");
            }
        }
        if (callbacks.on_file_done) {
            callbacks.on_file_done(path, ended_early ? 1 : 0, hash);
        }
        return;
    }
    uint64_t hash = 0;
    bool ended_early = false;
    std::string content = read_whole_file(path, hash, callbacks.max_whole_bytes, &ended_early);
    if (ended_early) {
        warn_ended_early(path, callbacks, stats);
    }
    uint64_t bytes = content.size();
    DecodedText decoded = decode_text(content);
    if (decoded.binary) {
        throw IoError(path.string() + ": looks like a binary file (NUL bytes), skipped");
    }
    if (!decoded.note.empty() && callbacks.on_warning) {
        callbacks.on_warning(path.string() + ": " + decoded.note);  // done, not skipped
    }
    if (decoded.nuls.count > 0 && callbacks.on_warning) {
        callbacks.on_warning(path.string() + ": " + describe(decoded.nuls));
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
        callbacks.on_file_done(path, cut_short || ended_early ? 1 : 0, hash);
    }
}

}  // namespace

void warn_ended_early(const fs::path& path, const CorpusCallbacks& callbacks, CorpusStats& stats) {
    ++stats.skipped;
    if (callbacks.on_warning) {
        callbacks.on_warning(path.string() +
                             ": the gzip data ends early (cut off?); what came before is "
                             "indexed, the rest is missing");
    }
}

uint64_t content_hash(const fs::path& path) {
    return for_each_chunk(path, [](std::string_view) {});
}

bool is_supported_file(const fs::path& path) {
    bool gzipped = false;
    std::optional<Format> format = format_of(path, gzipped);
    return format.has_value() && (!gzipped || *format == Format::JsonLines);
}

Document parse_text_document(std::string_view content, std::string id, bool markdown,
                             bool file_start) {
    if (content.starts_with("\xEF\xBB\xBF")) {
        content.remove_prefix(3);  // UTF-8 byte order mark
    }
    Document document;
    document.id = std::move(id);
    document.text = std::string(content);
    // Front matter gives the title and date, and is blanked out of the text (its offsets
    // kept): it is metadata, not a passage to find.
    const FrontMatter front = markdown && file_start ? read_front_matter(content) : FrontMatter{};
    const std::string_view body = content.substr(front.bytes);
    for (size_t i = 0; i < front.bytes; ++i) {
        if (document.text[i] != '\n') {
            document.text[i] = ' ';
        }
    }
    document.title = front.title.empty() ? first_line_title(body, markdown) : front.title;
    std::optional<CalendarDate> date = parse_metadata_date(front.date);
    if (!date) {
        date = document_date(body);
    }
    if (date) {
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
            // Pipes, devices, sockets: never read (one could wait forever). Named when their
            // names say document, counted with the other types otherwise.
            if (is_supported_file(path)) {
                warn(not_a_regular_file(path, status));
            } else {
                ++stats.unsupported;
            }
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
    // A file named twice (a folder and a file in it, a glob and its folder, a linked folder)
    // is read once, under the first name it was found by.
    std::set<fs::path> files_seen;
    auto first_time = [&](const fs::path& file) {
        std::error_code canonical_ec;
        const fs::path canonical = fs::canonical(file, canonical_ec);
        return files_seen.insert(canonical_ec ? file : canonical).second;
    };
    for (const fs::path& root : paths) {
        std::error_code ec;
        const fs::file_status status = fs::status(root, ec);
        if (is_special_file(status)) {
            warn(not_a_regular_file(root, status));
            continue;
        }
        if (!fs::is_directory(status)) {
            if (first_time(root)) {
                out.push_back(
                    {root, root.filename().string(), collection_name(root.parent_path())});
            }
            continue;
        }
        const std::string collection = collection_name(root);
        std::vector<fs::path> files;
        std::set<fs::path> folders_seen;
        collect_files(root, files, folders_seen, stats, warn);
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            // lexically: a file reached through a linked folder keeps the path it was found at
            if (first_time(file)) {
                out.push_back({file, file.lexically_relative(root).generic_string(), collection});
            }
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
