// SPDX-License-Identifier: MIT
/// @file spelling_counts.cpp  Spelling frequencies and forms, added and taken back.
#include "spelling_counts.hpp"

#include <algorithm>
#include <charconv>
#include <functional>

#include "schema.hpp"

namespace tilde {
namespace {

// Adds `delta` to `form` among `forms`; a form counted down to nothing goes.
void add_to(std::vector<SpellingForm>& forms, const std::string& form, std::int64_t delta) {
    auto known = std::find_if(forms.begin(), forms.end(),
                              [&](const SpellingForm& f) { return f.form == form; });
    if (known == forms.end()) {
        if (delta > 0) {
            forms.push_back({form, static_cast<std::uint64_t>(delta)});
        }
        return;
    }
    const std::int64_t count = static_cast<std::int64_t>(known->count) + delta;
    if (count <= 0) {
        forms.erase(known);
    } else {
        known->count = static_cast<std::uint64_t>(count);
    }
}

// What a word and a form take in the tables, besides their letters: a hash node with its
// string and counts, a bucket, and for a word its table of forms (jemalloc's size classes).
constexpr std::size_t kWordBytes = 144;
constexpr std::size_t kFormBytes = 80;

}  // namespace

void SpellingCounts::count(const std::vector<SpellingUse>& uses, std::int64_t delta) {
    for (const SpellingUse& use : uses) {
        Changes& changes = words_[use.folded];
        changes.total += delta;
        if (!use.written.empty()) {
            changes.forms[use.written] += delta;
        }
    }
}

void SpellingCounts::flush(Xapian::WritableDatabase& db) {
    for (const auto& [word, changes] : words_) {
        if (changes.total > 0) {
            db.add_spelling(word, static_cast<Xapian::termcount>(changes.total));
        } else if (changes.total < 0) {
            db.remove_spelling(word, static_cast<Xapian::termcount>(-changes.total));
        }
        const std::string key = std::string(kMetaSpellingForm) + word;
        std::vector<SpellingForm> forms = parse_spelling_forms(db.get_metadata(key));
        std::int64_t plain = changes.total;
        for (const auto& [written, delta] : changes.forms) {
            add_to(forms, written, delta);
            plain -= delta;
        }
        add_to(forms, word, plain);
        db.set_metadata(key, forms.empty() ? std::string() : format_spelling_forms(forms));
    }
    words_.clear();
    loaded_bytes_ = 0;
}

void SpellingCounts::flush_into_new(Xapian::WritableDatabase& db, std::size_t words_per_commit) {
    std::vector<std::pair<const std::string, Changes>*> sorted;
    sorted.reserve(words_.size());
    for (auto& entry : words_) {
        sorted.push_back(&entry);
    }
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
    std::size_t uncommitted = 0;
    for (auto* entry : sorted) {
        if (uncommitted++ == words_per_commit) {
            db.commit();
            uncommitted = 1;
        }
        const auto& [word, changes] = *entry;
        if (changes.total > 0) {
            db.add_spelling(word, static_cast<Xapian::termcount>(changes.total));
        }
        std::vector<SpellingForm> forms;
        std::int64_t plain = changes.total;
        for (const auto& [written, delta] : changes.forms) {
            add_to(forms, written, delta);
            plain -= delta;
        }
        add_to(forms, word, plain);
        if (!forms.empty()) {
            db.set_metadata(std::string(kMetaSpellingForm) + word, format_spelling_forms(forms));
        }
    }
    words_.clear();
    loaded_bytes_ = 0;
}

// One line a word: "WORD<tab>TOTAL" then "<tab>FORM<tab>CHANGE" for each other form.
std::string SpellingCounts::take_log() {
    std::string out;
    for (const auto& [word, changes] : words_) {
        out += word + '\t' + std::to_string(changes.total);
        for (const auto& [written, delta] : changes.forms) {
            out += '\t' + written + '\t' + std::to_string(delta);
        }
        out += '\n';
    }
    words_.clear();
    loaded_bytes_ = 0;
    return out;
}

void SpellingCounts::load(std::string_view log, unsigned part, unsigned parts) {
    auto number = [](std::string_view text) {
        std::int64_t value = 0;
        std::from_chars(text.data(), text.data() + text.size(), value);
        return value;
    };
    while (!log.empty()) {
        const size_t end = std::min(log.find('\n'), log.size());
        std::string_view line = log.substr(0, end);
        log.remove_prefix(std::min(end + 1, log.size()));
        if (parts > 1 &&
            std::hash<std::string_view>{}(line.substr(0, line.find('\t'))) % parts != part) {
            continue;  // another share's word
        }
        std::vector<std::string_view> fields;
        while (true) {
            const size_t tab = line.find('\t');
            fields.push_back(line.substr(0, tab));
            if (tab == std::string_view::npos) {
                break;
            }
            line.remove_prefix(tab + 1);
        }
        if (fields.size() < 2 || fields.size() % 2 != 0) {
            continue;  // not a line take_log() wrote
        }
        auto [entry, new_word] = words_.try_emplace(std::string(fields[0]));
        Changes& changes = entry->second;
        loaded_bytes_ += new_word ? kWordBytes + fields[0].size() : 0;
        changes.total += number(fields[1]);
        for (size_t i = 2; i + 1 < fields.size(); i += 2) {
            auto [form, new_form] = changes.forms.try_emplace(std::string(fields[i]));
            form->second += number(fields[i + 1]);
            loaded_bytes_ += new_form ? kFormBytes + fields[i].size() : 0;
        }
    }
}

std::string merge_spelling_forms(const std::vector<std::string_view>& values) {
    std::vector<SpellingForm> merged;
    for (std::string_view value : values) {
        for (const SpellingForm& form : parse_spelling_forms(value)) {
            add_to(merged, form.form, static_cast<std::int64_t>(form.count));
        }
    }
    return format_spelling_forms(std::move(merged));
}

}  // namespace tilde
