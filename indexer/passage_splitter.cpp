// SPDX-License-Identifier: MIT
/// @file passage_splitter.cpp  Paragraphs, then sentence-bounded pieces of long paragraphs.
#include "passage_splitter.hpp"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "schema.hpp"

namespace tilde {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

// Trims ASCII white space and no-break spaces (U+00A0) from both ends of [begin, end).
PassageSpan trim(std::string_view text, uint32_t begin, uint32_t end) {
    auto nbsp_at = [&](uint32_t i) {
        return i + 1 < text.size() && text[i] == '\xC2' && text[i + 1] == '\xA0';
    };
    while (begin < end) {
        if (is_space(text[begin])) {
            ++begin;
        } else if (nbsp_at(begin) && begin + 2 <= end) {
            begin += 2;
        } else {
            break;
        }
    }
    while (end > begin) {
        if (is_space(text[end - 1])) {
            --end;
        } else if (end >= begin + 2 && nbsp_at(end - 2)) {
            end -= 2;
        } else {
            break;
        }
    }
    return {begin, end};
}

struct Line {
    uint32_t begin;
    uint32_t end;  // excludes '\n'
    bool blank;
};

std::vector<Line> lines_of(std::string_view text) {
    std::vector<Line> lines;
    uint32_t begin = 0;
    while (begin <= text.size()) {
        size_t nl = text.find('\n', begin);
        uint32_t end = nl == std::string_view::npos ? static_cast<uint32_t>(text.size())
                                                    : static_cast<uint32_t>(nl);
        PassageSpan content = trim(text, begin, end);
        lines.push_back({begin, end, content.begin == content.end});
        if (nl == std::string_view::npos) {
            break;
        }
        begin = end + 1;
    }
    return lines;
}

}  // namespace

struct PassageSplitter::Impl {
    std::unique_ptr<icu::BreakIterator> sentences;

    // Cuts one paragraph at sentence ends into pieces of about kPassageTargetBytes.
    void cut_long(std::string_view text, PassageSpan paragraph,
                  std::vector<PassageSpan>& out) const {
        std::string_view body = text.substr(paragraph.begin, paragraph.end - paragraph.begin);
        std::vector<uint32_t> ends;  // sentence ends, relative to the paragraph
        UErrorCode status = U_ZERO_ERROR;
        UText utext = UTEXT_INITIALIZER;
        utext_openUTF8(&utext, body.data(), static_cast<int64_t>(body.size()), &status);
        sentences->setText(&utext, status);
        if (U_SUCCESS(status)) {
            sentences->first();
            for (int32_t end = sentences->next(); end != icu::BreakIterator::DONE;
                 end = sentences->next()) {
                ends.push_back(static_cast<uint32_t>(end));
            }
        }
        utext_close(&utext);
        if (ends.empty() || ends.back() != body.size()) {
            ends.push_back(static_cast<uint32_t>(body.size()));
        }
        auto emit = [&](uint32_t begin, uint32_t end) {
            PassageSpan span = trim(text, paragraph.begin + begin, paragraph.begin + end);
            if (span.begin < span.end) {
                out.push_back(span);
            }
        };
        // Where to cut a run-on sentence: the last space before the target, on a UTF-8 boundary.
        auto hard_cut = [&](uint32_t from) {
            uint32_t limit = from + static_cast<uint32_t>(kPassageTargetBytes);
            size_t space = body.rfind(' ', limit);
            uint32_t cut = (space == std::string_view::npos || space <= from)
                               ? limit
                               : static_cast<uint32_t>(space);
            while (cut > from && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) {
                --cut;
            }
            return cut > from ? cut : limit;
        };
        uint32_t piece_begin = 0;
        uint32_t last_end = 0;  // end of the last whole sentence in the current piece
        for (uint32_t end : ends) {
            if (end - piece_begin > kPassageTargetBytes && last_end > piece_begin) {
                emit(piece_begin, last_end);
                piece_begin = last_end;
            }
            while (end - piece_begin > kPassageMaxBytes) {
                uint32_t cut = hard_cut(piece_begin);
                emit(piece_begin, cut);
                piece_begin = cut;
            }
            last_end = end;
        }
        if (piece_begin < body.size()) {
            emit(piece_begin, static_cast<uint32_t>(body.size()));
        }
    }
};

PassageSplitter::PassageSplitter() : impl_(std::make_unique<Impl>()) {
    UErrorCode status = U_ZERO_ERROR;
    impl_->sentences.reset(
        icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status) || !impl_->sentences) {
        throw std::runtime_error("cannot create ICU sentence break iterator");
    }
}

PassageSplitter::~PassageSplitter() = default;

std::vector<PassageSpan> PassageSplitter::split(std::string_view text) const {
    std::vector<PassageSpan> paragraphs;
    std::vector<Line> lines = lines_of(text);
    size_t i = 0;
    while (i < lines.size()) {
        if (lines[i].blank) {
            ++i;
            continue;
        }
        size_t block_end = i;
        bool long_lines = false;
        while (block_end < lines.size() && !lines[block_end].blank) {
            long_lines |= lines[block_end].end - lines[block_end].begin > kLongLineBytes;
            ++block_end;
        }
        if (long_lines) {
            for (size_t j = i; j < block_end; ++j) {
                paragraphs.push_back(trim(text, lines[j].begin, lines[j].end));
            }
        } else {
            paragraphs.push_back(trim(text, lines[i].begin, lines[block_end - 1].end));
        }
        i = block_end;
    }
    std::vector<PassageSpan> passages;
    for (const PassageSpan& paragraph : paragraphs) {
        if (paragraph.end - paragraph.begin > kPassageMaxBytes) {
            impl_->cut_long(text, paragraph, passages);
        } else {
            passages.push_back(paragraph);
        }
    }
    return passages;
}

}  // namespace tilde
