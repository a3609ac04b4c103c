// SPDX-License-Identifier: MIT
/// @file test_passage_sampler.cpp  The compression dictionary's samples: spread along a JSON
/// Lines file, within their budget; a text file's first passages (#16).
#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "passage_sampler.hpp"
#include "passage_splitter.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;

struct Line {
    std::string text;
    std::string lang;
};

// XQuAD's passages, one JSON line each: the Spanish ones first, then the English.
std::vector<Line> xquad_lines() {
    std::vector<Line> out;
    std::ifstream in(std::string(TILDE_SOURCE_DIR) + "/tests/data/xquad-dev/passages.jsonl");
    for (std::string line; std::getline(in, line);) {
        const nlohmann::json object = nlohmann::json::parse(line);
        out.push_back({object["text"].get<std::string>(), object["lang"].get<std::string>()});
    }
    return out;
}

// The line (from 1) whose text holds `sample`, or 0.
size_t line_of(const std::vector<Line>& lines, const std::string& sample) {
    for (size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].text.find(sample) != std::string::npos) {
            return i + 1;
        }
    }
    return 0;
}

TEST(PassageSampler, JsonLinesAreSampledEvenlyAlongTheWholeFile) {
    const std::vector<Line> lines = xquad_lines();
    ASSERT_EQ(lines.size(), 240u);
    ASSERT_EQ(lines.front().lang, "es");
    ASSERT_EQ(lines.back().lang, "en");
    test::TempDir dir;
    const fs::path file = dir.path() / "xquad.jsonl";
    fs::copy_file(std::string(TILDE_SOURCE_DIR) + "/tests/data/xquad-dev/passages.jsonl", file);

    const std::uint64_t budget = 32u << 10;  // the file is 218 kB
    const std::vector<std::string> samples =
        sample_passages({CorpusFile{file, "xquad.jsonl", ""}}, budget, 1u << 20, 64u << 20);
    ASSERT_FALSE(samples.empty());
    std::uint64_t bytes = 0;
    std::vector<size_t> sampled;
    bool spanish = false;
    bool english = false;
    for (const std::string& sample : samples) {
        bytes += sample.size();
        const size_t line = line_of(lines, sample);
        ASSERT_GT(line, 0u) << sample;
        if (sampled.empty() || sampled.back() != line) {
            sampled.push_back(line);
        }
        (lines[line - 1].lang == "es" ? spanish : english) = true;
    }
    EXPECT_LE(bytes, budget);
    EXPECT_GT(bytes, budget / 4);
    EXPECT_TRUE(spanish && english) << "samples from one half of the file only";
    // One line in every `stride`, from the first line to the file's last stretch.
    ASSERT_GE(sampled.size(), 8u);
    EXPECT_EQ(sampled.front(), 1u);
    const size_t stride = sampled[1] - sampled[0];
    EXPECT_GT(stride, 1u);
    for (size_t i = 1; i < sampled.size(); ++i) {
        EXPECT_EQ(sampled[i] - sampled[i - 1], stride) << "line " << sampled[i];
    }
    EXPECT_GT(sampled.back() + stride, lines.size());
}

// Lines without a document (here every third, broken) leave gaps in the stride: a doubling may
// keep few samples or none, and sampling carries on along the lines after.
TEST(PassageSampler, LinesWithoutADocumentLeaveGapsAndNeverStopTheSampling) {
    const std::vector<Line> lines = xquad_lines();
    test::TempDir dir;
    const fs::path file = dir.path() / "gaps.jsonl";
    std::string content;
    for (size_t i = 0; i < lines.size(); ++i) {
        const bool broken = (i + 1) % 3 == 0;
        content += broken ? "{broken\n" : nlohmann::json{{"text", lines[i].text}}.dump() + "\n";
    }
    test::write_file(file, content);
    // A budget of one byte gets the smallest share a file has (16 KiB): the stride doubles.
    const std::vector<std::string> samples =
        sample_passages({CorpusFile{file, "gaps.jsonl", ""}}, 1, 1u << 20, 64u << 20);
    ASSERT_FALSE(samples.empty());
    size_t last_line = 0;
    for (const std::string& sample : samples) {
        const size_t line = line_of(lines, sample);
        ASSERT_GT(line, 0u);
        EXPECT_NE(line % 3, 0u) << "line " << line << " is broken in the file";
        last_line = std::max(last_line, line);
    }
    EXPECT_GT(last_line, lines.size() / 2) << "the samples stop early in the file";
}

// Issue 16 (review of the sampler): the budget is shared among the files; none gives none.
TEST(Issue16, SamplingNoFilesGivesNoSamples) {
    EXPECT_TRUE(sample_passages({}, 1u << 20, 1u << 20, 64u << 20).empty());
}

// Issue 16 (review of the sampler): the reader takes DATA.JSONL for JSON Lines, whatever the
// case of its name, and so does the sampler: its samples reach the English second half.
TEST(Issue16, SamplingAnUpperCaseJsonLinesNameSpreadsAlongTheFile) {
    const std::vector<Line> lines = xquad_lines();
    ASSERT_EQ(lines.back().lang, "en");
    test::TempDir dir;
    const fs::path file = dir.path() / "DATA.JSONL";
    fs::copy_file(std::string(TILDE_SOURCE_DIR) + "/tests/data/xquad-dev/passages.jsonl", file);
    const std::vector<std::string> samples =
        sample_passages({CorpusFile{file, "DATA.JSONL", ""}}, 32u << 10, 1u << 20, 64u << 20);
    bool english = false;
    for (const std::string& sample : samples) {
        const size_t line = line_of(lines, sample);
        english = english || (line > 0 && lines[line - 1].lang == "en");
    }
    EXPECT_TRUE(english) << "only the file's first lines were sampled";
}

TEST(PassageSampler, ATextFileGivesItsFirstPassages) {
    const fs::path file = test::corpus_dir() / "000_cc93682b0a592601.txt";
    ASSERT_TRUE(fs::exists(file));
    const std::string text = test::read_text_file(file);
    const std::vector<std::string> samples = sample_passages(
        {CorpusFile{file, file.filename().string(), ""}}, 16u << 10, 1u << 20, 64u << 20);
    const std::vector<PassageSpan> spans = PassageSplitter().split(text);
    ASSERT_FALSE(samples.empty());
    ASSERT_LE(samples.size(), spans.size());
    for (size_t i = 0; i < samples.size(); ++i) {
        EXPECT_EQ(samples[i], text.substr(spans[i].begin, spans[i].end - spans[i].begin));
    }
}

TEST(PassageSampler, ThreadsGiveTheSameSamplesInTheFilesOrder) {
    // The bundled articles, each as text and as HTML (so threads parse HTML at once, the
    // process's first parse included), then XQuAD's JSON Lines (sampled along the file): files
    // that take unequal times, so threads finish them out of order.
    test::TempDir dir;
    std::vector<fs::path> articles;
    for (const fs::directory_entry& entry : fs::directory_iterator(test::corpus_dir())) {
        articles.push_back(entry.path());
    }
    std::sort(articles.begin(), articles.end());
    ASSERT_GE(articles.size(), 5u);
    std::vector<CorpusFile> files;
    for (const fs::path& article : articles) {
        files.push_back({article, article.filename().string(), ""});
        const std::string text = test::read_text_file(article);
        std::string body;
        for (const PassageSpan& span : PassageSplitter().split(text)) {
            body += "<p>" + text.substr(span.begin, span.end - span.begin) + "</p>\n";
        }
        const fs::path html = dir.path() / article.filename().replace_extension(".html");
        test::write_file(html, "<html><head><title>" + article.stem().string() +
                                   "</title></head><body>" + body + "</body></html>");
        files.push_back({html, html.filename().string(), ""});
    }
    const fs::path xquad = fs::path(TILDE_SOURCE_DIR) / "tests/data/xquad-dev/passages.jsonl";
    files.push_back({xquad, "xquad.jsonl", ""});
    // Threads first: the process's first HTML parses run at once.
    const std::vector<std::string> on_three =
        sample_passages(files, 256u << 10, 1u << 20, 64u << 20, 3);
    const std::vector<std::string> one = sample_passages(files, 256u << 10, 1u << 20, 64u << 20);
    ASSERT_FALSE(one.empty());
    ASSERT_FALSE(sample_passages({files[1]}, 16u << 10, 1u << 20, 64u << 20).empty())
        << "an HTML article gave no samples";
    EXPECT_EQ(on_three, one) << "3 threads";
    for (unsigned threads : {2u, 16u}) {
        EXPECT_EQ(sample_passages(files, 256u << 10, 1u << 20, 64u << 20, threads), one)
            << threads << " threads";
    }
}

}  // namespace
}  // namespace tilde
