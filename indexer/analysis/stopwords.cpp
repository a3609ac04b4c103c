// SPDX-License-Identifier: MIT
/// @file stopwords.cpp  Parsing of the embedded stopword files.
#include "stopwords.hpp"

#include "folding.hpp"

namespace tilde {
namespace detail {
extern const char* const kEnglishStopwordsFile;
extern const char* const kSpanishStopwordsFile;
}  // namespace detail

StopwordList StopwordList::parse(std::string_view file_text) {
    StopwordList list;
    size_t pos = 0;
    while (pos < file_text.size()) {
        size_t eol = file_text.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = file_text.size();
        }
        std::string_view line = file_text.substr(pos, eol - pos);
        pos = eol + 1;
        if (size_t hash = line.find('#'); hash != std::string_view::npos) {
            line = line.substr(0, hash);
        }
        while (!line.empty() &&
               (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
            line.remove_suffix(1);
        }
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            line.remove_prefix(1);
        }
        if (!line.empty()) {
            list.words_.insert(fold_word(line).folded);
        }
    }
    return list;
}

bool StopwordList::contains(std::string_view folded_word) const {
    return words_.find(folded_word) != words_.end();
}

const StopwordList& english_stopwords() {
    static const StopwordList list = StopwordList::parse(detail::kEnglishStopwordsFile);
    return list;
}

const StopwordList& spanish_stopwords() {
    static const StopwordList list = StopwordList::parse(detail::kSpanishStopwordsFile);
    return list;
}

}  // namespace tilde
