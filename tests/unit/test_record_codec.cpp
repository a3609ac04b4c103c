// SPDX-License-Identifier: MIT
/// @file test_record_codec.cpp  Passage records compressed with a dictionary trained on the
/// corpus: smaller, read back the same, and refused when their dictionary is unknown (#16).
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tilde/errors.hpp>

#include "passage_record.hpp"
#include "passage_splitter.hpp"
#include "record_codec.hpp"
#include "test_support.hpp"

namespace tilde {
namespace {
namespace fs = std::filesystem;

// Real passages: the XQuAD ones and the bundled articles' paragraphs.
std::vector<std::string> real_passages() {
    std::vector<std::string> out;
    std::ifstream xquad(std::string(TILDE_SOURCE_DIR) + "/tests/data/xquad-dev/passages.jsonl");
    for (std::string line; std::getline(xquad, line);) {
        out.push_back(nlohmann::json::parse(line)["text"].get<std::string>());
    }
    PassageSplitter splitter;
    for (const auto& entry : fs::directory_iterator(test::corpus_dir())) {
        const std::string text = test::read_text_file(entry.path());
        for (const PassageSpan& span : splitter.split(text)) {
            out.push_back(text.substr(span.begin, span.end - span.begin));
        }
    }
    return out;
}

TEST(RecordCodec, PassagesShrinkAndReadBackTheSame) {
    const std::vector<std::string> passages = real_passages();
    const std::string dictionary = train_record_dictionary(passages);
    ASSERT_FALSE(dictionary.empty());
    const RecordCompressor compressor(dictionary);
    size_t plain_bytes = 0;
    size_t stored_bytes = 0;
    for (size_t i = 0; i < passages.size(); ++i) {
        PassageRecord record;
        record.doc = "doc-" + std::to_string(i / 10);
        record.passage = static_cast<uint32_t>(i % 10 + 1);
        record.start = 100;
        record.end = 100 + static_cast<uint32_t>(passages[i].size());
        record.lang = i % 2 ? "es" : "en";
        record.text_key = 0x0123456789abcdefULL + i;
        record.text = passages[i];
        const std::string plain = record.serialize();
        const std::string stored = record.serialize(&compressor);
        plain_bytes += plain.size();
        stored_bytes += stored.size();
        const PassageRecord back = PassageRecord::parse(stored);
        ASSERT_EQ(back.text, record.text);
        ASSERT_EQ(back.doc_check, document_check(record.doc));  // the id itself is not stored
        ASSERT_EQ(back.text_key, record.text_key);
        ASSERT_EQ(back.end, record.end);
        ASSERT_EQ(PassageRecord::parse(plain).text, record.text);  // plain ones still read
    }
    EXPECT_LT(stored_bytes * 10, plain_bytes * 7) << stored_bytes << " of " << plain_bytes;
}

TEST(RecordCodec, TooFewSamplesTrainNothing) {
    EXPECT_EQ(train_record_dictionary({"uno", "dos"}), "");
}

TEST(RecordCodec, ARecordWhoseDictionaryIsUnknownIsADamagedIndex) {
    PassageRecord record;
    record.doc = "d";
    record.text = "Venezuela opposition leader Juan Guaidó says he has held secret meetings.";
    const std::string stored = record.serialize();
    std::string forged = stored;
    forged[0] = 7;  // says "compressed", holds no zstd frame
    EXPECT_THROW((void)PassageRecord::parse(forged), IndexCorrupt);
    EXPECT_THROW((void)PassageRecord::parse(""), IndexCorrupt);
}

}  // namespace
}  // namespace tilde
