// SPDX-License-Identifier: MIT
/// @file translator.cpp  Apertium's analyser and bilingual dictionary, one query at a time.
#include "translator.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <lttoolbox/fst_processor.h>
#include <lttoolbox/input_file.h>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <unistd.h>

#include <unicode/unistr.h>
#include <unicode/ustdio.h>

#include "multiword_guard.hpp"

namespace tilde {
namespace {

constexpr std::string_view kDefaultDirectory = "/usr/share/apertium/apertium-eng-spa";

// Characters with a meaning in Apertium's stream format: escaped in what we send.
constexpr std::string_view kStreamSpecials = "\\^$/<>@{}[]*#+~|";

// Parts of speech worth translating: nouns, adjectives, lexical verbs, adverbs, names the
// dictionary knows ("EE.UU." is "USA"). Not determiners, pronouns, prepositions or auxiliaries.
const std::set<std::string, std::less<>> kContentTags = {"n", "adj", "vblex", "adv", "np"};

std::string escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (kStreamSpecials.find(c) != std::string_view::npos) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string unescaped(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            ++i;
        }
        out += text[i];
    }
    return out;
}

// `text` cut at each unescaped `separator`.
std::vector<std::string_view> split_unescaped(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\') {
            ++i;
        } else if (text[i] == separator) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    parts.push_back(text.substr(start));
    return parts;
}

// One analysed unit of the stream: the bytes of the input it covers, and its readings.
struct Unit {
    size_t begin = 0;
    size_t end = 0;
    std::vector<std::string_view> readings;  // "reunión<n><f><sg>", escaped
};

// Apertium's analysis ("^puntos/punto<n><m><pl>$ ^en/en<pr>$") as units, placed by the
// bytes of the unescaped input they stand for.
std::vector<Unit> parse_analysis(std::string_view stream) {
    std::vector<Unit> units;
    size_t at = 0;  // bytes of input read so far
    for (size_t i = 0; i < stream.size(); ++i) {
        if (stream[i] == '\\') {
            ++i;
            ++at;
        } else if (stream[i] == '^') {
            size_t close = i + 1;
            while (close < stream.size() && stream[close] != '$') {
                close += stream[close] == '\\' ? 2 : 1;
            }
            close = std::min(close, stream.size());
            std::vector<std::string_view> parts =
                split_unescaped(stream.substr(i + 1, close - i - 1), '/');
            Unit unit;
            unit.begin = at;
            at += unescaped(parts[0]).size();
            unit.end = at;
            unit.readings.assign(parts.begin() + 1, parts.end());
            units.push_back(std::move(unit));
            i = close;
        } else if (stream[i] != '\0') {
            ++at;
        }
    }
    return units;
}

// A reading as the bilingual dictionary looks it up: a fixed expression's invariable words
// ("golpe<n><m><sg># de estado") go before the tags ("golpe# de estado<n><m><sg>").
std::string dictionary_form(std::string_view reading) {
    const size_t tags = reading.find('<');
    const size_t queue = reading.find('#');
    std::string out;  // appended piece by piece: GCC 12 warns wrongly about "^" + string
    out.reserve(reading.size() + 2);
    out += '^';
    if (tags == std::string_view::npos || queue == std::string_view::npos || queue < tags) {
        out += reading;
    } else {
        out += reading.substr(0, tags);
        out += reading.substr(queue);
        out += reading.substr(tags, queue - tags);
    }
    out += '$';
    return out;
}

// The translations in the dictionary's answer ("^meeting<n><sg>/gathering<n><sg>$"), each as
// its words ("give# up<vblex>" is {"give", "up"}); none for "^@...$", unknown.
std::vector<std::vector<std::string>> parse_translations(std::string_view answer) {
    std::vector<std::vector<std::string>> out;
    if (answer.size() < 2 || answer.front() != '^') {
        return out;
    }
    answer = answer.substr(1, answer.find_last_of('$') - 1);
    if (answer.empty() || answer.front() == '@') {
        return out;
    }
    for (std::string_view translation : split_unescaped(answer, '/')) {
        std::string lemma = unescaped(translation.substr(0, translation.find('<')));
        std::replace(lemma.begin(), lemma.end(), '#', ' ');
        std::replace(lemma.begin(), lemma.end(), '_', ' ');
        std::vector<std::string> words;
        for (std::string_view word : split_unescaped(lemma, ' ')) {
            if (!word.empty()) {
                words.emplace_back(word);
            }
        }
        if (!words.empty() && lemma.find('@') == std::string::npos &&
            lemma.find('*') == std::string::npos) {
            out.push_back(std::move(words));
        }
    }
    return out;
}

std::string first_tag(std::string_view reading) {
    const size_t open = reading.find('<');
    const size_t close = reading.find('>', open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
        return {};
    }
    return std::string(reading.substr(open + 1, close - open - 1));
}

// A Spanish word typed without its accent or tilde ("reunion", "espana", "Anarquia"): each
// spelling with one more, the last letters first (Spanish stresses the last syllables). ASCII
// words only, in lower case but for the first letter; only spellings the analyser knows are
// used, so names it does not know ("Guaido") keep theirs.
std::vector<std::string> accent_variants(std::string_view word) {
    static constexpr std::string_view kPlain = "aeiounAEIOUN";
    static constexpr std::array<std::string_view, 12> kMarked = {
        "\u00e1", "\u00e9", "\u00ed", "\u00f3", "\u00fa", "\u00f1",
        "\u00c1", "\u00c9", "\u00cd", "\u00d3", "\u00da", "\u00d1"};
    std::vector<std::string> out;
    for (size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        if ((c < 'a' || c > 'z') && (i > 0 || c < 'A' || c > 'Z')) {
            return out;
        }
    }
    for (size_t i = word.size(); i-- > 0;) {
        const size_t which = kPlain.find(word[i]);
        if (which != std::string_view::npos) {
            out.push_back(std::string(word.substr(0, i)) + std::string(kMarked[which]) +
                          std::string(word.substr(i + 1)));
        }
    }
    return out;
}

bool unknown(const Unit& unit) {
    return unit.readings.empty() || unit.readings[0].starts_with('*');
}

// The words joined by `separator` (escaped), and where each begins and ends in that text
// unescaped. " | " keeps words apart that the analyser would read as one ("más allá").
struct Placement {
    std::string text;
    std::vector<size_t> begins;
    std::vector<size_t> ends;
};

Placement place(const std::vector<std::string>& words, std::string_view separator = " ") {
    Placement out;
    size_t at = 0;
    for (const std::string& word : words) {
        if (!out.begins.empty()) {
            out.text += separator;
            at += separator.size();
        }
        out.begins.push_back(at);
        at += word.size();
        out.ends.push_back(at);
        out.text += escaped(word);
    }
    return out;
}

// Which placed word `unit` is, exactly: none for a part of one or a fixed expression.
std::optional<size_t> placed_word(const Placement& placement, const Unit& unit) {
    auto found = std::find(placement.begins.begin(), placement.begins.end(), unit.begin);
    if (found == placement.begins.end()) {
        return std::nullopt;
    }
    const auto index = static_cast<size_t>(found - placement.begins.begin());
    if (placement.ends[index] != unit.end) {
        return std::nullopt;
    }
    return index;
}

}  // namespace

struct Translator::Direction {
    std::once_flag loading;
    std::atomic<bool> tried{false};  // loading ran (and `loaded` says how it went)
    bool loaded = false;
    std::mutex mutex;  // the processors keep state between calls
    FSTProcessor analyser;
    FSTProcessor dictionary;
    Language target = Language::English;
    // Tells which neighbouring words the analyser could read as one unit; none: it may be
    // any two (a table made from another analyser, or none at all).
    std::optional<MultiwordGuard> multiwords;

    void load(const std::string& directory, std::string_view pair, const MultiwordTable& table,
              bool word_by_word) {
        const std::string prefix = directory + "/" + std::string(pair);
        FILE* analyser_file = std::fopen((prefix + ".automorf.bin").c_str(), "rb");
        FILE* dictionary_file = std::fopen((prefix + ".autobil.bin").c_str(), "rb");
        if (analyser_file != nullptr && dictionary_file != nullptr) {
            if (word_by_word &&
                MultiwordGuard(table).made_from(multiword_fingerprint(analyser_file))) {
                multiwords.emplace(table);
            }
            std::rewind(analyser_file);
            analyser.load(analyser_file);
            dictionary.load(dictionary_file);
            analyser.initAnalysis();
            dictionary.initBiltrans();
            loaded = analyser.valid() && dictionary.valid();
        }
        for (FILE* file : {analyser_file, dictionary_file}) {
            if (file != nullptr) {
                std::fclose(file);
            }
        }
    }

    // The analyser's stream for `text` (escaped). The input ends in a full stop and a line
    // break: lttoolbox 3.7 keeps unread look-ahead between calls otherwise. It writes on
    // after the last call's output in a UTF-16 buffer (u_fstropen), zero past what it holds:
    // through a FILE it converted each character on its own, and opening a memory stream and
    // a UFILE for each call cost as much again (together a third of translating a query, by
    // callgrind).
    std::string analyse(std::string text) {
        std::replace(text.begin(), text.end(), '\0', ' ');  // the output ends at its first zero
        text += " .\n";
        for (;;) {
            if (output == nullptr || written.size() - output_at < kRoomPerCall) {
                reopen_output(std::max(written.size(), kCapacity));
            }
            FILE* input_file = fmemopen(text.data(), text.size(), "r");
            if (input_file == nullptr || output == nullptr ||
                std::setvbuf(input_file, read_buffer.data(), _IOFBF, read_buffer.size()) != 0) {
                if (input_file != nullptr) {
                    std::fclose(input_file);
                }
                return {};
            }
            {
                InputFile input;
                input.wrap(input_file);  // closed by InputFile
                analyser.analysis(input, output);
            }
            const auto begin = written.begin() + static_cast<std::ptrdiff_t>(output_at);
            const auto end = std::find(begin, written.end(), UChar{0});
            if (written.end() - end <= 1) {  // it may not all have fitted: again, larger
                reopen_output(written.size() * 2);
                continue;
            }
            std::string out;
            icu::UnicodeString(false, &*begin, static_cast<int32_t>(end - begin)).toUTF8String(out);
            output_at = static_cast<size_t>(end - written.begin());
            return out;
        }
    }

    void reopen_output(size_t capacity) {
        if (output != nullptr) {
            u_fclose(output);
        }
        written.assign(capacity, 0);
        output = u_fstropen(written.data(), static_cast<int32_t>(written.size()), nullptr);
        output_at = 0;
    }

    ~Direction() {
        if (output != nullptr) {
            u_fclose(output);
        }
    }

    static constexpr size_t kCapacity = size_t{1} << 18;  // UTF-16 units, 512 kB
    static constexpr size_t kRoomPerCall = 16384;         // a long query's analysis
    std::vector<UChar> written;            // the analyser's output: zero past `output_at`
    std::array<char, 4096> read_buffer{};  // the input's: stdio's own was allocated each time
    size_t output_at = 0;
    UFILE* output = nullptr;  // writes into `written`

    // A reading's translations, remembered: the dictionary answers the same every time, and
    // its lookups were a third of a query's translating.
    const std::vector<std::vector<std::string>>& look_up(std::string_view reading) {
        std::string form = dictionary_form(reading);
        if (auto known = looked_up.find(form); known != looked_up.end()) {
            return known->second;
        }
        if (looked_up.size() >= kMaxRemembered) {
            looked_up.clear();
        }
        const UString answer = dictionary.biltrans(to_ustring(form.c_str()));
        std::string utf8;
        icu::UnicodeString(answer.data(), static_cast<int32_t>(answer.size())).toUTF8String(utf8);
        return looked_up.emplace(std::move(form), parse_translations(utf8)).first->second;
    }
    static constexpr size_t kMaxRemembered = 100000;  // a few MB
    std::unordered_map<std::string, std::vector<std::vector<std::string>>> looked_up;

    // The readings of each word, analysed on its own (none: a word it does not know),
    // remembered: the accented spellings tried for unknown words were two fifths of
    // translating a query, and the same words come back in other queries.
    std::vector<const std::vector<std::string>*> word_readings(
        const std::vector<std::string>& words) {
        // The distinct words not remembered.
        auto not_remembered = [&] {
            std::vector<std::string> out;
            for (const std::string& word : words) {
                if (!readings_of_word.contains(word) &&
                    std::find(out.begin(), out.end(), word) == out.end()) {
                    out.push_back(word);
                }
            }
            return out;
        };
        std::vector<std::string> missing = not_remembered();
        if (!missing.empty()) {
            if (readings_of_word.size() + missing.size() > kMaxWordsRemembered) {
                // Nothing from an earlier call points into it. This call's words remembered
                // before go too: all of them are analysed again (issue #18).
                readings_of_word.clear();
                missing = not_remembered();
            }
            // Apart: a word's readings must not depend on the words analysed beside it.
            const Placement apart = place(missing, " | ");
            const std::string stream = analyse(apart.text);
            for (const std::string& word : missing) {
                readings_of_word[word];
            }
            for (const Unit& unit : parse_analysis(stream)) {
                if (const std::optional<size_t> at = placed_word(apart, unit)) {
                    WordAnalysis& analysis = readings_of_word[missing[*at]];
                    analysis.one_unit = true;
                    if (!unknown(unit)) {
                        analysis.readings.assign(unit.readings.begin(), unit.readings.end());
                    }
                }
            }
        }
        std::vector<const std::vector<std::string>*> out;
        for (const std::string& word : words) {
            out.push_back(&readings_of_word.at(word).readings);
        }
        return out;
    }
    static constexpr size_t kMaxWordsRemembered = 20000;  // a few MB
    struct WordAnalysis {
        bool one_unit = false;  // read as one unit, known or not (not "EE.UU" as two)
        std::vector<std::string> readings;
        std::optional<MultiwordGuard::AfterBlank> after_blank;  // once a query asked
    };
    std::unordered_map<std::string, WordAnalysis> readings_of_word;

    // The analyser's stream for `words` placed one space apart, as analyse() gives it, from
    // each word's own analysis: when each word is one unit alone and no word's unit could
    // go on into the words after it (nor into the full stop analyse() adds). Then the
    // transducer, read cold between queries (a graph of std::map nodes: most of a keyword
    // query's translating), runs only on words not met before. Nothing otherwise.
    std::optional<std::string> stream_word_by_word(const std::vector<std::string>& words) {
        if (!multiwords) {
            return std::nullopt;
        }
        size_t missing = 0;
        for (const std::string& word : words) {
            missing += readings_of_word.contains(word) ? 0 : 1;
        }
        if (readings_of_word.size() + missing > kMaxWordsRemembered) {
            return std::nullopt;  // no clearing the words' readings while a caller holds some
        }
        word_readings(words);
        std::vector<std::string> following(words.begin(), words.end());
        following.emplace_back(".");  // analyse() ends the text with one
        for (size_t i = 0; i < words.size(); ++i) {
            WordAnalysis& analysis = readings_of_word.at(words[i]);
            if (!analysis.after_blank) {
                analysis.after_blank = multiwords->after_blank(words[i]);
            }
            if (!analysis.one_unit ||
                multiwords->reads_on(*analysis.after_blank, std::span(following).subspan(i + 1))) {
                return std::nullopt;
            }
        }
        std::string out;
        for (const std::string& word : words) {
            if (!out.empty()) {
                out += ' ';
            }
            out += '^';
            out += escaped(word);
            const std::vector<std::string>& readings = readings_of_word.at(word).readings;
            if (readings.empty()) {
                out += "/*";
                out += escaped(word);
            }
            for (const std::string& reading : readings) {
                out += '/';
                out += reading;
            }
            out += '$';
        }
        return out;
    }

    // What the analyser makes of `words` one space apart (`placement`).
    std::string analyse_words(const std::vector<std::string>& words, const Placement& placement) {
        if (std::optional<std::string> stream = stream_word_by_word(words)) {
            return *std::move(stream);
        }
        return analyse(placement.text);
    }
};

namespace {

// A single word's spellings with one more accent or tilde that the analyser knows
// (accent_variants(), in its order), each with its readings.
struct KnownSpelling {
    std::string spelling;
    const std::vector<std::string>* readings = nullptr;
};

// What the analyser makes of the words typed without an accent, by word index: whether it
// knew the word as typed, and the accented spellings it knows. The words it did not know
// ("reunion", "rio"), and every word when `all_words` (a query with no accent anywhere: "ano"
// is a word, yet most likely "año"); not fixed expressions. `readings_of` gives each
// spelling's readings, analysed on its own.
struct Respellings {
    std::vector<bool> unknown_as_typed;
    std::unordered_map<size_t, std::vector<KnownSpelling>> known;
};
template <typename ReadingsOf>
Respellings known_spellings(ReadingsOf readings_of, const std::vector<Unit>& units,
                            const Placement& placement, const std::vector<std::string>& words,
                            bool all_words) {
    Respellings out;
    out.unknown_as_typed.assign(words.size(), false);
    std::vector<std::string> variants;
    std::vector<size_t> variant_of;  // the word each variant respells
    for (const Unit& unit : units) {
        const std::optional<size_t> word = placed_word(placement, unit);
        if (!word) {
            continue;  // a fixed expression
        }
        const size_t index = *word;
        out.unknown_as_typed[index] = unknown(unit);
        if (!unknown(unit) && !all_words) {
            continue;  // a word read as typed
        }
        for (std::string& variant : accent_variants(words[index])) {
            variants.push_back(std::move(variant));
            variant_of.push_back(index);
        }
    }
    if (variants.empty()) {
        return out;
    }
    const std::vector<const std::vector<std::string>*> readings = readings_of(variants);
    for (size_t at = 0; at < variants.size(); ++at) {
        if (!readings[at]->empty()) {
            out.known[variant_of[at]].push_back({variants[at], readings[at]});
        }
    }
    return out;
}

}  // namespace

Translator& Translator::shared() {
    // Never destroyed: freeing the transducers' graphs node by node at exit was a tenth of a
    // one-shot search.
    static Translator* const translator = new Translator([] {
        const char* directory = std::getenv("TILDE_APERTIUM_DIR");
        return std::string(directory != nullptr && *directory != '\0' ? directory
                                                                      : kDefaultDirectory);
    }());
    return *translator;
}

Translator::Translator(std::string directory, bool word_by_word)
    : directory_(std::move(directory)),
      word_by_word_(word_by_word),
      spanish_(std::make_unique<Direction>()),
      english_(std::make_unique<Direction>()) {
    spanish_->target = Language::English;
    english_->target = Language::Spanish;
}

Translator::~Translator() = default;

Translator::Direction* Translator::direction(Language from) const {
    Direction* out = from == Language::Spanish   ? spanish_.get()
                     : from == Language::English ? english_.get()
                                                 : nullptr;
    if (out == nullptr) {
        return nullptr;
    }
    std::call_once(out->loading, [&] {
        const bool spanish = from == Language::Spanish;
        out->load(directory_, spanish ? "spa-eng" : "eng-spa",
                  spanish ? multiword_tables::spanish : multiword_tables::english, word_by_word_);
        out->tried = true;
    });
    return out->loaded ? out : nullptr;
}

void Translator::load(Language first, Language second) const {
    auto tried = [&](Language from) {
        return (from == Language::Spanish ? spanish_ : english_)->tried.load();
    };
    if (tried(first) && tried(second)) {
        return;
    }
    // On another thread while this one loads the other: together as long as one alone.
    std::thread other;
    try {
        other = std::thread([this, second] { direction(second); });
    } catch (const std::system_error&) {
        direction(second);  // no thread to be had: one after the other
    }
    try {
        direction(first);
    } catch (...) {
        if (other.joinable()) {
            other.join();
        }
        throw;
    }
    if (other.joinable()) {
        other.join();
    }
}

std::vector<TranslatedWords> Translator::translate(const std::vector<std::string>& words,
                                                   Language from,
                                                   bool typed_without_accents) const {
    std::vector<TranslatedWords> out;
    Direction* dictionary = direction(from);
    if (dictionary == nullptr || words.empty()) {
        return out;
    }
    std::lock_guard lock(dictionary->mutex);
    std::vector<std::string> spelled = words;
    Placement placement = place(spelled);
    std::string stream = dictionary->analyse_words(spelled, placement);
    std::vector<Unit> units = parse_analysis(stream);
    // A Spanish word the analyser does not know is read with the first accent it knows it by
    // ("reunion" as "reunión"); its other accented spellings, and those of every word of a
    // query with no accent at all, add their readings to the word's ("rio": "rió" and "río").
    std::unordered_map<size_t, std::vector<std::string_view>> accented;  // by word index
    if (from == Language::Spanish) {
        auto readings_of = [&](const std::vector<std::string>& variants) {
            return dictionary->word_readings(variants);
        };
        const Respellings respellings =
            known_spellings(readings_of, units, placement, words, typed_without_accents);
        for (const auto& [index, known] : respellings.known) {
            if (respellings.unknown_as_typed[index]) {
                spelled[index] = known.front().spelling;
            }
        }
        if (spelled != words) {
            placement = place(spelled);
            stream = dictionary->analyse_words(spelled, placement);
            units = parse_analysis(stream);
        }
        for (const auto& [index, known] : respellings.known) {
            if (!typed_without_accents && spelled[index] == words[index]) {
                continue;
            }
            for (const KnownSpelling& other : known) {
                if (other.spelling != spelled[index]) {  // that one's readings are the unit's
                    std::vector<std::string_view>& readings = accented[index];
                    readings.insert(readings.end(), other.readings->begin(), other.readings->end());
                }
            }
        }
    }
    // The translations of content-word readings, each lemma and part of speech looked up once.
    auto translate_readings = [&](const std::vector<std::string_view>& readings, size_t limit) {
        std::vector<std::vector<std::string>> translations;
        std::set<std::string, std::less<>> lemmas;
        for (std::string_view reading : readings) {
            const std::string tag = first_tag(reading);
            std::string lemma(reading.substr(0, reading.find('<')));
            lemma += '<';
            lemma += tag;
            if (reading.empty() || reading[0] == '*' ||
                reading.find('+') != std::string_view::npos || !kContentTags.contains(tag) ||
                !lemmas.insert(std::move(lemma)).second || translations.size() >= limit) {
                continue;
            }
            for (const std::vector<std::string>& translation : dictionary->look_up(reading)) {
                if (translations.size() < limit &&
                    std::find(translations.begin(), translations.end(), translation) ==
                        translations.end()) {
                    translations.push_back(translation);
                }
            }
        }
        return translations;
    };
    const std::vector<size_t>& begins = placement.begins;
    const std::vector<size_t>& ends = placement.ends;
    for (const Unit& unit : units) {
        // The query words the unit is: it must begin and end with whole words.
        auto first = std::lower_bound(begins.begin(), begins.end(), unit.begin);
        auto last = std::lower_bound(ends.begin(), ends.end(), unit.end);
        if (first == begins.end() || *first != unit.begin || last == ends.end() ||
            *last != unit.end) {
            continue;
        }
        TranslatedWords run;
        run.first = static_cast<size_t>(first - begins.begin());
        run.count = static_cast<size_t>(last - ends.begin()) + 1 - run.first;
        run.target = dictionary->target;
        if (run.count == 0) {
            continue;
        }
        std::vector<std::string_view> readings = unit.readings;
        size_t limit = kMaxTranslations;
        if (auto more = accented.find(run.first); run.count == 1 && more != accented.end()) {
            // After the word's own readings; room for two more ("ano": "anus", then "year").
            readings.insert(readings.end(), more->second.begin(), more->second.end());
            limit += 2;
        }
        run.translations = translate_readings(readings, limit);
        if (!run.translations.empty()) {
            out.push_back(std::move(run));
        }
    }
    // Each fixed expression's words, one by one, each analysed on its own.
    std::vector<std::string> apart_words;
    std::vector<std::pair<size_t, size_t>> apart_word;  // (run, word index) of each
    for (size_t r = 0; r < out.size(); ++r) {
        for (size_t k = out[r].first; k < out[r].first + out[r].count && out[r].count > 1; ++k) {
            apart_words.push_back(spelled[k]);
            apart_word.emplace_back(r, k);
        }
    }
    if (!apart_word.empty()) {
        const std::vector<const std::vector<std::string>*> readings =
            dictionary->word_readings(apart_words);
        for (size_t at = 0; at < apart_word.size(); ++at) {
            const auto [r, k] = apart_word[at];
            TranslatedWords part;
            part.first = k;
            part.target = dictionary->target;
            part.translations =
                translate_readings({readings[at]->begin(), readings[at]->end()}, kMaxTranslations);
            if (!part.translations.empty()) {
                out[r].parts.push_back(std::move(part));
            }
        }
    }
    return out;
}

}  // namespace tilde
