// SPDX-License-Identifier: MIT
/// @file spelling_counts.cpp  Spelling frequencies and forms, added and taken back.
#include "spelling_counts.hpp"

#include <algorithm>

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

}  // namespace

void SpellingCounts::count(const std::vector<SpellingUse>& uses, std::int64_t delta) {
    for (const SpellingUse& use : uses) {
        words_[use.folded] += delta;
        forms_[use.folded][use.written] += delta;
    }
}

void SpellingCounts::flush(Xapian::WritableDatabase& db) {
    for (const auto& [word, delta] : words_) {
        if (delta > 0) {
            db.add_spelling(word, static_cast<Xapian::termcount>(delta));
        } else if (delta < 0) {
            db.remove_spelling(word, static_cast<Xapian::termcount>(-delta));
        }
    }
    for (const auto& [word, changes] : forms_) {
        const std::string key = std::string(kMetaSpellingForm) + word;
        std::vector<SpellingForm> forms = parse_spelling_forms(db.get_metadata(key));
        for (const auto& [written, delta] : changes) {
            add_to(forms, written, delta);
        }
        db.set_metadata(key, forms.empty() ? std::string() : format_spelling_forms(forms));
    }
    words_.clear();
    forms_.clear();
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
