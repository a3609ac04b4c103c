// SPDX-License-Identifier: MIT
/// @file stopwords.cpp  Parsing of the embedded stopword files.
#include "stopwords.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <vector>

#include <dlfcn.h>

#include <tilde/analysis.hpp>
#include <tilde/errors.hpp>

#include "fnv1a.hpp"
#include "folding.hpp"

namespace tilde {
namespace detail {
extern const char* const kEnglishStopwordsFile;
extern const char* const kSpanishStopwordsFile;
extern const char* const kSynonymsFile;
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
            std::string word = fold_word(line).folded;
            list.longest_ = std::max(list.longest_, word.size());
            list.first_bytes_.set(static_cast<unsigned char>(word[0]));
            list.words_.insert(std::move(word));
        }
    }
    return list;
}

bool StopwordList::contains(std::string_view folded_word) const {
    if (folded_word.empty() || folded_word.size() > longest_ ||
        !first_bytes_.test(static_cast<unsigned char>(folded_word[0]))) {
        return false;
    }
    return words_.find(folded_word) != words_.end();
}

namespace {

struct LoadedLists {
    StopwordList english;
    StopwordList spanish;
    std::string source;       // a folder, or "built-in"
    std::string fingerprint;  // empty for the built-in lists
};

std::mutex g_mutex;
std::optional<std::filesystem::path> g_configured_dir;
bool g_loaded = false;

std::string read_list(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
        throw IoError("cannot read stopword list '" + path.string() +
                      "': " + (std::filesystem::exists(path) ? "unreadable" : "no such file"));
    }
    return text.str();
}

// PREFIX/share/tilde/stopwords, found from the file this code was loaded from: the shared
// library (PREFIX/lib...) or a program linked statically (PREFIX/bin).
std::optional<std::filesystem::path> installed_dir() {
    Dl_info info{};
    std::filesystem::path self;
    if (dladdr(reinterpret_cast<void*>(&installed_dir), &info) != 0 && info.dli_fname != nullptr &&
        info.dli_fname[0] == '/') {
        self = info.dli_fname;
    } else {
        std::error_code ec;
        self = std::filesystem::read_symlink("/proc/self/exe", ec);
    }
    std::error_code ec;
    for (const char* relative : {TILDE_STOPWORDS_FROM_LIBDIR, TILDE_STOPWORDS_FROM_BINDIR}) {
        std::filesystem::path dir = self.parent_path() / relative;
        if (!self.empty() && std::filesystem::is_regular_file(dir / "en.txt", ec) &&
            std::filesystem::is_regular_file(dir / "es.txt", ec)) {
            return dir.lexically_normal();
        }
    }
    return std::nullopt;
}

// The words of both lists, sorted, hashed (FNV-1a): equal lists, equal fingerprints.
std::string fingerprint(const std::string& english, const std::string& spanish) {
    std::vector<std::string> words;
    for (const auto* list : {&english, &spanish}) {
        words.emplace_back("\x01");  // keeps a word from moving between lists unnoticed
        std::vector<std::string> one = StopwordList::parse(*list).sorted_words();
        words.insert(words.end(), one.begin(), one.end());
    }
    Fnv1a hash;
    for (const std::string& word : words) {
        hash.add(word).add("\n");
    }
    return hash.hex();
}

const LoadedLists& lists() {
    static const LoadedLists loaded = [] {
        std::lock_guard lock(g_mutex);
        std::optional<std::filesystem::path> dir = g_configured_dir;
        if (!dir) {
            dir = installed_dir();
        }
        LoadedLists out;
        std::string english = detail::kEnglishStopwordsFile;
        std::string spanish = detail::kSpanishStopwordsFile;
        const std::string builtin = fingerprint(english, spanish);
        out.source = "built-in";
        if (dir) {
            english = read_list(*dir / "en.txt");
            spanish = read_list(*dir / "es.txt");
            out.source = dir->string();
        }
        out.english = StopwordList::parse(english);
        out.spanish = StopwordList::parse(spanish);
        std::string mine = fingerprint(english, spanish);
        out.fingerprint = mine == builtin ? "" : mine.substr(0, 8);
        g_loaded = true;
        return out;
    }();
    return loaded;
}

}  // namespace

std::vector<std::string> StopwordList::sorted_words() const {
    std::vector<std::string> words(words_.begin(), words_.end());
    std::sort(words.begin(), words.end());
    return words;
}

const StopwordList& english_stopwords() { return lists().english; }

const StopwordList& spanish_stopwords() { return lists().spanish; }

const std::string& stopwords_fingerprint() { return lists().fingerprint; }

void set_stopwords_dir(const std::filesystem::path& dir) {
    std::lock_guard lock(g_mutex);
    if (g_loaded) {
        if (g_configured_dir == dir) {
            return;
        }
        throw UsageError("stopword lists already read from '" + lists().source +
                         "'; set the folder before opening any index");
    }
    g_configured_dir = dir;
}

std::string stopwords_source() { return lists().source; }

std::string synonyms_text() {
    std::optional<std::filesystem::path> dir;
    {
        std::lock_guard lock(g_mutex);
        dir = g_configured_dir;
    }
    if (!dir) {
        dir = installed_dir();
    }
    std::error_code ec;
    if (dir && std::filesystem::is_regular_file(*dir / "synonyms.txt", ec)) {
        return read_list(*dir / "synonyms.txt");
    }
    return detail::kSynonymsFile;
}

}  // namespace tilde
