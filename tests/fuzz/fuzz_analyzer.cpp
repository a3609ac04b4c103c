// SPDX-License-Identifier: MIT
/// @file fuzz_analyzer.cpp  Any bytes through encoding repair, the analyzer (all purposes),
/// stemming, the word segmenter against ICU, and the passage splitter.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "passage_splitter.hpp"
#include "text_encoding.hpp"
#include "word_segments.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const tilde::Analyzer analyzer;
    static const tilde::PassageSplitter splitter;
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    tilde::DecodedText decoded = tilde::decode_text(bytes);
    const std::string& text = decoded.utf8;
    for (tilde::Purpose purpose :
         {tilde::Purpose::Document, tilde::Purpose::Query, tilde::Purpose::Prefix}) {
        std::vector<tilde::Token> tokens = analyzer.analyze(text, purpose);
        tilde::fuzz::check_tokens(text, tokens);
        for (const tilde::Token& token : tokens) {
            (void)analyzer.stems(token.folded, tilde::Language::Unknown);
        }
    }
    // The raw bytes too: the analyzer must survive invalid UTF-8 it is handed directly.
    tilde::fuzz::check_tokens(bytes, analyzer.analyze(bytes, tilde::Purpose::Document));
    // Wherever the direct Latin-script pass answers, its words are ICU's.
    static tilde::WordSegmenter segmenter;
    std::vector<tilde::WordSegment> latin;
    std::vector<tilde::WordSegment> icu;
    for (std::string_view input : {std::string_view(text), bytes}) {
        if (segmenter.segment_latin(input, latin)) {
            segmenter.segment_with_icu(input, icu);
            tilde::fuzz::check(latin == icu, "the Latin-script word pass disagrees with ICU");
        }
    }
    uint32_t previous_end = 0;
    for (const tilde::PassageSpan& span : splitter.split(text)) {
        tilde::fuzz::check(
            span.begin >= previous_end && span.begin < span.end && span.end <= text.size(),
            "passage spans overlap or leave the text");
        previous_end = span.end;
    }
    return 0;
}
