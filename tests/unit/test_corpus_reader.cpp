// SPDX-License-Identifier: MIT
/// @file test_corpus_reader.cpp  Text, Markdown, HTML and JSON Lines (plain and gzipped).
#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <zlib.h>

#include <tilde/errors.hpp>
#include <tilde/index_writer.hpp>
#include <tilde/searcher.hpp>

#include "corpus_reader.hpp"
#include "html_document.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;

struct Collected {
    std::vector<Document> documents;
    std::vector<std::string> warnings;
    CorpusStats stats;
};

Collected read_all(const std::vector<fs::path>& paths) {
    Collected collected;
    CorpusCallbacks callbacks;
    callbacks.on_document = [&](Document&& d, uint64_t) {
        collected.documents.push_back(std::move(d));
    };
    callbacks.on_warning = [&](const std::string& w) { collected.warnings.push_back(w); };
    collected.stats = read_corpus(paths, callbacks);
    return collected;
}

void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

TEST(CorpusReader, TextTitleIsTheFirstLine) {
    Document d = parse_text_document("\xEF\xBB\xBF\n  Venezuela talks  \nbody\n", "a.txt", false);
    EXPECT_EQ(d.title, "Venezuela talks");
    EXPECT_EQ(d.text, "\n  Venezuela talks  \nbody\n");  // BOM dropped, text kept
}

TEST(CorpusReader, TitleSkipsDatelinesAndTheDateIsFound) {
    Document d = parse_text_document(
        "Thursday, February 29, 2024\n\nLATIN AMERICA | 21-08-2019 12:56\n\n"
        "Venezuela, US have met 'secretly' for months, says Maduro\n\nBody.\n",
        "a.txt", false);
    EXPECT_EQ(d.title, "Venezuela, US have met 'secretly' for months, says Maduro");
    EXPECT_EQ(d.date, "2019-08-21");  // the earliest: the page was saved in 2024
    // A headline that carries a date stays the title; a page of date lines keeps the first.
    EXPECT_EQ(parse_text_document("US in secret talks with Venezuela socialist boss Diosdado "
                                  "Cabello / Aug 19 2019\nbody",
                                  "b.txt", false)
                  .title,
              "US in secret talks with Venezuela socialist boss Diosdado Cabello / Aug 19 2019");
    EXPECT_EQ(parse_text_document("21-08-2019\n", "c.txt", false).title, "21-08-2019");
    EXPECT_EQ(parse_text_document("No date\nhere", "d.txt", false).date, "");
}

TEST(CorpusReader, MarkdownTitleDropsHeadingMarks) {
    EXPECT_EQ(parse_text_document("## Las sanciones\n\ntexto", "a.md", true).title,
              "Las sanciones");
}

// Issue #2 (the core engine's Markdown), found after it: a file opening with front matter
// (Jekyll, Hugo, Obsidian) was titled "---", its YAML searched as a passage, its date only
// found by luck; a file opening with a rule was titled "---" too.
TEST(Issue2, MarkdownFrontMatterGivesTitleAndDateAndIsNoPassage) {
    const std::string content =
        "---\ntitle: \"Informe de Mérida\"\ndate: 2020-03-04T10:00:00+01:00\ntags:\n  - "
        "economía\n---\n\n# Encabezado\n\nTexto sobre Maturín, 12 de mayo de 2021.\n";
    Document d = parse_text_document(content, "a.md", true);
    EXPECT_EQ(d.title, "Informe de Mérida");
    EXPECT_EQ(d.date, "2020-03-04");
    ASSERT_EQ(d.text.size(), content.size());  // blanked in place: offsets hold
    EXPECT_EQ(d.text.find("tags"), std::string::npos);
    EXPECT_EQ(d.text.substr(d.text.find("# Encabezado")), content.substr(content.find("# Enc")));
    // No title in it: the first heading after it; not read in a later part, nor in plain text.
    EXPECT_EQ(parse_text_document("---\nlayout: post\n---\n## Sanciones\n", "b.md", true).title,
              "Sanciones");
    EXPECT_NE(parse_text_document(content, "a.md", true, /*file_start=*/false).text.find("tags"),
              std::string::npos);
    EXPECT_EQ(parse_text_document(content, "a.txt", false).title, "---");
    // Two rules around text are no front matter, and a rule is no title.
    Document ruled = parse_text_document("---\n\nUna regla: arriba.\n\n---\n", "c.md", true);
    EXPECT_EQ(ruled.title, "Una regla: arriba.");
    EXPECT_NE(ruled.text.find("Una regla"), std::string::npos);
    // Front matter and nothing else is a file with no text.
    test::TempDir dir;
    write_file(dir.path() / "only.md", "---\ntitle: Nada más\n---\n");
    CorpusCallbacks callbacks;
    std::vector<std::string> warnings;
    size_t parts = 0;
    callbacks.on_document_part = [&](Document&&, bool, uint64_t) { ++parts; };
    callbacks.on_warning = [&](const std::string& w) { warnings.push_back(w); };
    read_corpus({dir.path()}, callbacks);
    EXPECT_EQ(parts, 0u);
    EXPECT_EQ(warnings, std::vector<std::string>{(dir.path() / "only.md").string() +
                                                 ": no text; nothing indexed"});
}

// Issue #2 (the core engine's HTML), found after it: a table's cells ran together
// ("CaracasMaracaibo"), so no word of a cell but the row's first and last could be found.
TEST(Issue2, HtmlTableCellsAndOptionsAreWordsApart) {
    Document d = parse_html_document(
        "<html><body><table><caption>Ciudades</caption><tr><td>Caracas</td><td>Maracaibo</td>"
        "</tr><tr><th>Valencia</th><th>Barquisimeto</th></tr></table><select><option>Coro"
        "</option><option>Maturín</option></select><p>H<sub>2</sub>O</p></body></html>",
        "t.html");
    EXPECT_NE(d.text.find("Caracas Maracaibo"), std::string::npos) << d.text;
    EXPECT_NE(d.text.find("Valencia Barquisimeto"), std::string::npos) << d.text;
    EXPECT_NE(d.text.find("Coro Maturín"), std::string::npos) << d.text;
    EXPECT_NE(d.text.find("H2O"), std::string::npos) << d.text;  // inline stays joined
    // A row is one paragraph, the caption another.
    EXPECT_EQ(d.text.find("Ciudades\n\nCaracas Maracaibo\n\nValencia Barquisimeto"), 0u) << d.text;
}

TEST(CorpusReader, HtmlStripsTagsAndDecodesEntities) {
    Document d = parse_html_document(
        "<html><head><title>Guaid&oacute; &amp; Maduro</title><style>p{color:red}</style></head>"
        "<body><h1>Headline</h1><p>El  se&ntilde;or <b>Guaid&#243;</b> dijo&nbsp;hola.</p>"
        "<script>var x = 'hidden';</script><p>Second&hellip;</p></body></html>",
        "a.html");
    EXPECT_EQ(d.title, "Guaidó & Maduro");
    EXPECT_EQ(d.text, "Headline\n\nEl señor Guaidó dijo\xC2\xA0hola.\n\nSecond…");
}

TEST(CorpusReader, WalksFoldersInNameOrderWithRelativeIds) {
    test::TempDir dir;
    write_file(dir.path() / "b" / "two.txt", "Two\nbody");
    write_file(dir.path() / "a.md", "# One\nbody");
    write_file(dir.path() / "image.png", "\x89PNG");
    Collected c = read_all({dir.path()});
    ASSERT_EQ(c.documents.size(), 2u);
    EXPECT_EQ(c.documents[0].id, "a.md");
    EXPECT_EQ(c.documents[1].id, "b/two.txt");
    EXPECT_EQ(c.stats.unsupported, 1u);
    EXPECT_TRUE(c.warnings.empty());
}

TEST(CorpusReader, JsonLinesReportBadLinesAndKeepTheRest) {
    test::TempDir dir;
    fs::path file = dir.path() / "docs.jsonl";
    write_file(file,
               "{\"id\": \"d1\", \"title\": \"T\", \"lang\": \"es\", \"date\": \"2019-01-02\", "
               "\"source\": \"s\", \"text\": \"Hola\"}\n"
               "{not json\n"
               "\n"
               "{\"title\": \"no text\"}\n"
               "{\"text\": \"no id\"}\n");
    Collected c = read_all({file});
    ASSERT_EQ(c.documents.size(), 2u);
    EXPECT_EQ(c.documents[0].id, "d1");
    EXPECT_EQ(c.documents[0].lang, "es");
    EXPECT_EQ(c.documents[0].date, "2019-01-02");
    EXPECT_EQ(c.documents[1].id, "docs.jsonl:5");
    ASSERT_EQ(c.warnings.size(), 2u);
    // The parser's reason comes with it.
    EXPECT_EQ(c.warnings[0].rfind(file.string() +
                                      ":2: not valid JSON at byte 3: syntax error while parsing "
                                      "object key - invalid literal",
                                  0),
              0u)
        << c.warnings[0];
    EXPECT_EQ(c.warnings[1], file.string() + ":4: no \"text\" string field");
}

// Issue #7 (bad input), found after it: a surrogate escaped alone (an emoji cut in two by the
// program that wrote the line) made the whole line invalid JSON, and its document was lost.
TEST(Issue7, ALoneSurrogateEscapeBecomesAReplacementCharacterAndTheLineIsKept) {
    test::TempDir dir;
    fs::path file = dir.path() / "docs.jsonl";
    write_file(file,
               "{\"id\": \"cut\", \"text\": \"Caracas \\ud83d hoy\"}\n"
               "{\"id\": \"whole\", \"text\": \"pair \\ud83d\\ude00, escaped \\\\ud800\"}\n"
               "{\"id\": \"low\", \"text\": \"\\udc00 fin\", \"title\": \"t \\udbff\"}\n");
    Collected c = read_all({file});
    ASSERT_EQ(c.documents.size(), 3u);
    EXPECT_EQ(c.documents[0].text, "Caracas \uFFFD hoy");
    EXPECT_EQ(c.documents[1].text, "pair \U0001F600, escaped \\ud800");  // nothing to mend
    EXPECT_EQ(c.documents[2].text, "\uFFFD fin");
    EXPECT_EQ(c.documents[2].title, "t \uFFFD");
    ASSERT_EQ(c.warnings.size(), 2u);
    EXPECT_EQ(c.warnings[0],
              file.string() + ":1: replaced 1 lone UTF-16 surrogate escape with U+FFFD");
    EXPECT_EQ(c.warnings[1],
              file.string() + ": 2 lines had lone UTF-16 surrogate escapes, replaced the same way");
    EXPECT_EQ(c.stats.skipped, 0u);
}

// The compression sampler reads one JSON line in so many: the rest are neither parsed nor
// reported, and the line numbers stay those of the file.
TEST(CorpusReader, JsonLinesPassedOverAreNeitherParsedNorReported) {
    test::TempDir dir;
    fs::path file = dir.path() / "docs.jsonl";
    write_file(file,
               "{\"text\": \"uno\"}\n"
               "{not json\n"
               "{\"text\": \"tres\"}\n"
               "{\"text\": \"cuatro\"}\n");
    Collected c;
    std::vector<std::uint64_t> asked;
    CorpusCallbacks callbacks;
    callbacks.on_document = [&](Document&& d, uint64_t) { c.documents.push_back(std::move(d)); };
    callbacks.on_warning = [&](const std::string& w) { c.warnings.push_back(w); };
    callbacks.read_line = [&](std::uint64_t line) {
        asked.push_back(line);
        return line % 2 == 1;
    };
    c.stats = read_corpus({file}, callbacks);
    EXPECT_EQ(asked, (std::vector<std::uint64_t>{1, 2, 3, 4}));
    ASSERT_EQ(c.documents.size(), 2u);
    EXPECT_EQ(c.documents[0].text, "uno");
    EXPECT_EQ(c.documents[1].id, "docs.jsonl:3");
    EXPECT_TRUE(c.warnings.empty());
    EXPECT_EQ(c.stats.skipped, 0u);
}

TEST(CorpusReader, ReadsGzippedJsonLines) {
    test::TempDir dir;
    fs::path file = dir.path() / "docs.jsonl.gz";
    gzFile gz = gzopen(file.c_str(), "wb");
    std::string line = "{\"id\": \"x\", \"text\": \"Nicolás Maduro\"}\n";
    for (int i = 0; i < 3; ++i) {
        gzwrite(gz, line.data(), static_cast<unsigned>(line.size()));
    }
    gzclose(gz);
    Collected c = read_all({file});
    ASSERT_EQ(c.documents.size(), 3u);
    EXPECT_EQ(c.documents[2].text, "Nicolás Maduro");
}

// Issue #7 (bad input), found after it: a gzip file cut off (a download that stopped) ended
// without a word: only a cut line might be reported as bad JSON, and one cut at a line's end
// not even that. The lines before are kept, the cut one dropped, and the file named.
TEST(Issue7, AGzipFileCutOffIsNamedAndWhatCameBeforeKept) {
    test::TempDir dir;
    const fs::path whole = dir.path() / "whole.jsonl.gz";
    gzFile gz = gzopen(whole.c_str(), "wb");
    for (int i = 0; i < 2000; ++i) {
        const std::string line = "{\"id\": \"d" + std::to_string(i) + "\", \"text\": \"Documento " +
                                 std::to_string(i * 7919) + " sobre Maracaibo\"}\n";
        gzwrite(gz, line.data(), static_cast<unsigned>(line.size()));
    }
    gzclose(gz);
    std::string bytes;
    {
        std::ifstream in(whole, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const fs::path cut = dir.path() / "cut.jsonl.gz";
    write_file(cut, bytes.substr(0, bytes.size() / 2));
    Collected c = read_all({cut});
    ASSERT_GT(c.documents.size(), 100u);
    EXPECT_LT(c.documents.size(), 2000u);
    for (size_t i = 0; i < c.documents.size(); ++i) {
        ASSERT_EQ(c.documents[i].id, "d" + std::to_string(i));  // every line before the cut
    }
    EXPECT_EQ(c.warnings,
              std::vector<std::string>{cut.string() +
                                       ": the gzip data ends early (cut off?); what came before is "
                                       "indexed, the rest is missing"});
    EXPECT_EQ(c.stats.skipped, 1u);
    EXPECT_TRUE(read_all({whole}).warnings.empty());
}

// Issue #7 (bad input), found after it: a JSON title of megabytes was kept whole (shown with
// every hit, indexed word by word), and a warning quoted a bad date or lang however long.
TEST(Issue7, HugeJsonFieldsAreCutAndWarningsStayOneLine) {
    test::TempDir dir;
    fs::path file = dir.path() / "docs.jsonl";
    std::string title;
    for (int i = 0; i < 500; ++i) {
        title += "Año ";  // 5 bytes, one of them a 2-byte character
    }
    write_file(file, "{\"id\": \"a\", \"title\": \"" + title + "\", \"date\": \"" +
                         std::string(5000, '9') + "\", \"text\": \"Lara\"}\n");
    Collected c = read_all({file});
    ASSERT_EQ(c.documents.size(), 1u);
    EXPECT_EQ(c.documents[0].title, title.substr(0, 1000));
    ASSERT_EQ(c.warnings.size(), 2u);
    EXPECT_EQ(c.warnings[0], file.string() + ":1: a title of 2500 bytes; its first 1000 are kept");
    EXPECT_EQ(c.warnings[1], file.string() + ":1: date \"" + std::string(60, '9') +
                                 "\xE2\x80\xA6\" not understood (write 2019-08-21); indexed "
                                 "without a date");
}

TEST(CorpusReader, MissingPathIsAnError) {
    EXPECT_THROW(read_all({"/nonexistent/tilde/corpus"}), IoError);
}

// Issue #7 (bad input), found after it: a named pipe was opened as a file, and open() waits
// for a writer that may never come. Reading one must refuse at once, whatever its name.
TEST(Issue7, APipeIsRefusedWithoutWaitingForAWriter) {
    test::TempDir dir;
    const fs::path pipe = dir.path() / "feed.jsonl";
    ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
    auto reading = std::async(std::launch::async, [&] {
        try {
            (void)content_hash(pipe);
            return std::string("read as a file");
        } catch (const IoError& error) {
            return std::string(error.what());
        }
    });
    if (reading.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
        // Stuck in open(): a writer that comes and goes lets it finish, and the test fail.
        ::close(::open(pipe.c_str(), O_WRONLY | O_NONBLOCK));
        FAIL() << "reading a named pipe waited for a writer";
    }
    EXPECT_EQ(reading.get(), pipe.string() + ": not a regular file (a named pipe), skipped");
}

}  // namespace
}  // namespace tilde

namespace tilde {
namespace {

// A text of many paragraphs, some long enough to be cut at sentences.
std::string many_paragraphs() {
    std::string text = "Informe anual\n\n";
    for (int i = 0; i < 400; ++i) {
        text += "Párrafo " + std::to_string(i) + ": Guaidó habló en Caracas.";
        for (int j = 0; j < i % 7; ++j) {
            text += " El gobierno anunció medidas económicas para la región entera.";
        }
        text += "\n\n";
    }
    return text;
}

TEST(CorpusReader, BigTextFilesComeInPartsCutAtParagraphs) {
    test::TempDir dir;
    const std::string text = many_paragraphs();
    test::write_file(dir.path() / "big.txt", text);
    CorpusCallbacks callbacks;
    callbacks.part_bytes = 4096;
    std::vector<Document> parts;
    std::vector<bool> lasts;
    callbacks.on_document_part = [&](Document&& part, bool last, uint64_t) {
        parts.push_back(std::move(part));
        lasts.push_back(last);
    };
    read_corpus({dir.path()}, callbacks);
    ASSERT_GT(parts.size(), 10u);
    std::string joined;
    for (size_t i = 0; i < parts.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(parts[i].id, "big.txt");
        EXPECT_EQ(parts[i].title, "Informe anual");
        EXPECT_LE(parts[i].text.size(), 4096u);
        EXPECT_EQ(lasts[i], i + 1 == parts.size());
        if (i + 1 < parts.size()) {
            EXPECT_TRUE(parts[i].text.ends_with("\n\n"));  // a paragraph break, never mid-word
        }
        joined += parts[i].text;
    }
    EXPECT_EQ(joined, text);
}

// UTF-8 as UTF-16 code units, each written low byte first or high byte first.
std::string utf16_bytes(const std::string& utf8, bool little_endian) {
    std::string out;
    auto put = [&](char32_t unit) {
        const char low = static_cast<char>(unit & 0xFF);
        const char high = static_cast<char>(unit >> 8);
        out += little_endian ? std::string{low, high} : std::string{high, low};
    };
    for (size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t c = length == 1 ? lead : lead & (0x7F >> length);
        for (size_t k = 1; k < length; ++k) {
            c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        }
        i += length;
        if (c >= 0x10000) {
            put(0xD800 + ((c - 0x10000) >> 10));
            put(0xDC00 + ((c - 0x10000) & 0x3FF));
        } else {
            put(c);
        }
    }
    return out;
}

// Issue #7 (bad input), found after it: a UTF-16 file longer than a part was decoded part by
// part, and every part after the first (no byte order mark, maybe cut mid-character) came out
// garbled: "“" as a control character, "€" as "¬".
TEST(Issue7, Utf16FilesInPartsReadAsTheWholeText) {
    test::TempDir dir;
    std::string text = many_paragraphs();
    for (size_t at = text.find("Caracas"); at != std::string::npos;
         at = text.find("Caracas", at + 40)) {
        text.replace(at, 7, "“Caracas” por 5 € 😀");
    }
    test::write_file(dir.path() / "le.txt", "\xFF\xFE" + utf16_bytes(text, true));
    test::write_file(dir.path() / "be.txt", "\xFE\xFF" + utf16_bytes(text, false));
    test::write_file(dir.path() / "no-mark.txt", utf16_bytes(text, true));
    CorpusCallbacks callbacks;
    callbacks.part_bytes = 4096;
    std::map<std::string, std::string> joined;
    callbacks.on_document_part = [&](Document&& part, bool, uint64_t) {
        joined[part.id] += part.text;
    };
    std::vector<std::string> warnings;
    callbacks.on_warning = [&](const std::string& warning) { warnings.push_back(warning); };
    read_corpus({dir.path()}, callbacks);
    ASSERT_EQ(joined.size(), 3u);
    for (const auto& [id, whole] : joined) {
        EXPECT_TRUE(whole == text) << id << " is not the text written";
    }
    EXPECT_EQ(warnings,
              (std::vector<std::string>{(dir.path() / "be.txt").string() + ": read as UTF-16BE",
                                        (dir.path() / "le.txt").string() + ": read as UTF-16LE",
                                        (dir.path() / "no-mark.txt").string() +
                                            ": read as UTF-16LE (no byte order mark)"}));
}

TEST(IndexWriter, DocumentInPartsIndexesLikeTheWholeText) {
    test::TempDir dir;
    const std::string text = many_paragraphs();
    test::write_file(dir.path() / "corpus" / "big.txt", text);
    {
        IndexWriter whole(dir.path() / "whole.idx");
        whole.add_document({"big.txt", "Informe anual", text, "es", "", ""});
        IndexWriter in_parts(dir.path() / "parts.idx");
        CorpusCallbacks callbacks;
        callbacks.part_bytes = 4096;
        callbacks.on_document_part = [&](Document&& part, bool last, uint64_t) {
            part.lang = "es";
            in_parts.add_document_part(part, last);
        };
        read_corpus({dir.path() / "corpus"}, callbacks);
        EXPECT_THROW(in_parts.add_document_part({"", "", "x", "", "", ""}, true), UsageError);
    }
    std::optional<DocumentText> a = Searcher(dir.path() / "whole.idx").document("big.txt");
    std::optional<DocumentText> b = Searcher(dir.path() / "parts.idx").document("big.txt");
    ASSERT_TRUE(a && b);
    ASSERT_EQ(a->passages.size(), b->passages.size());
    for (size_t i = 0; i < a->passages.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(a->passages[i].passage, b->passages[i].passage);
        EXPECT_EQ(a->passages[i].start, b->passages[i].start);
        EXPECT_EQ(a->passages[i].end, b->passages[i].end);
        EXPECT_EQ(a->passages[i].text, b->passages[i].text);
        EXPECT_EQ(b->passages[i].text,
                  text.substr(b->passages[i].start, b->passages[i].end - b->passages[i].start));
    }
    EXPECT_EQ(Searcher(dir.path() / "parts.idx").info().documents, 1u);
}

TEST(IndexWriter, PartsOfTwoDocumentsMustNotInterleave) {
    test::TempDir dir;
    IndexWriter writer(dir.path() / "x.idx");
    writer.add_document_part({"a", "", "Primera parte.\n\n", "", "", ""}, false);
    EXPECT_THROW(writer.add_document_part({"b", "", "Otra.\n\n", "", "", ""}, true), UsageError);
    writer.add_document_part({"a", "", "Segunda parte.\n\n", "", "", ""}, true);
}

}  // namespace
}  // namespace tilde
