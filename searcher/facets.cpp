// SPDX-License-Identifier: MIT
/// @file facets.cpp  Dates by Xapian's ValueCountMatchSpy on the date slot; languages and
/// sources, which are terms, by a spy that walks each value's posting list along the matches.
#include "facets.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <tilde/errors.hpp>

#include "passage_record.hpp"
#include "schema.hpp"

namespace tilde {
namespace {

// Counts the matches that carry each of a few terms (a language, a collection): each term's
// posting list is read forward alongside the matches, which come in docid order.
class TermCountSpy final : public Xapian::MatchSpy {
  public:
    struct Value {
        std::string term;
        std::string label;
        Xapian::PostingIterator at;
        std::uint64_t count = 0;
    };

    TermCountSpy(const Xapian::Database& db, std::vector<std::pair<std::string, std::string>> terms)
        : db_(db) {
        for (auto& [term, label] : terms) {
            values_.push_back({term, label, db_.postlist_begin(term), 0});
        }
    }

    void operator()(const Xapian::Document& document, double /*weight*/) override {
        const Xapian::docid docid = document.get_docid();
        for (Value& value : values_) {
            if (docid < last_) {
                value.at = db_.postlist_begin(value.term);  // out of order: start again
            }
            if (value.at != db_.postlist_end(value.term) && *value.at < docid) {
                value.at.skip_to(docid);
            }
            if (value.at != db_.postlist_end(value.term) && *value.at == docid) {
                ++value.count;
            }
        }
        last_ = docid;
    }

    [[nodiscard]] std::vector<FacetCount> counts() const {
        std::map<std::string, std::uint64_t> by_label;  // two hashes may share a name
        for (const Value& value : values_) {
            if (value.count > 0) {
                by_label[value.label] += value.count;
            }
        }
        std::vector<FacetCount> out;
        for (const auto& [label, count] : by_label) {
            out.push_back({label, count});
        }
        std::stable_sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
            return a.count > b.count;
        });
        return out;
    }

  private:
    Xapian::Database db_;
    std::vector<Value> values_;
    Xapian::docid last_ = 0;
};

// "YYYYMMDD" counts summed by their first `length` characters, shown as "YYYY" or "YYYY-MM".
std::vector<FacetCount> date_counts(const Xapian::ValueCountMatchSpy& dates, size_t length) {
    std::map<std::string, std::uint64_t> by_period;
    for (auto it = dates.values_begin(); it != dates.values_end(); ++it) {
        const std::string date = *it;
        if (date.size() >= length) {
            by_period[date.substr(0, length)] += it.get_termfreq();
        }
    }
    std::vector<FacetCount> out;
    for (const auto& [period, count] : by_period) {
        out.push_back({length == 4 ? period : period.substr(0, 4) + "-" + period.substr(4), count});
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> language_terms(const Xapian::Database& db) {
    std::vector<std::pair<std::string, std::string>> terms;
    for (auto it = db.allterms_begin(std::string(kLangPrefix));
         it != db.allterms_end(std::string(kLangPrefix)); ++it) {
        terms.emplace_back(*it, std::string(*it).substr(kLangPrefix.size()));
    }
    return terms;
}

std::vector<std::pair<std::string, std::string>> source_terms(const IndexReader& reader) {
    std::map<std::string, std::string> names;  // term -> name, over every shard's list
    const std::string start(kMetaCollectionPrefix);
    for (const Xapian::Database* db : reader.metadata_sources()) {
        for (auto it = db->metadata_keys_begin(start); it != db->metadata_keys_end(start); ++it) {
            const std::string name = std::string(*it).substr(kMetaCollectionPrefix.size());
            names.emplace(collection_term(name), name);
        }
    }
    return {names.begin(), names.end()};
}

}  // namespace

std::vector<std::string> facet_names(const std::vector<std::string>& asked) {
    std::vector<std::string> names;
    auto add = [&](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(name);
        }
    };
    for (const std::string& name : asked) {
        if (name == "date") {
            add("year");
            add("month");
        } else if (name == "year" || name == "month" || name == "lang" || name == "source") {
            add(name);
        } else {
            throw UsageError("unknown facet '" + name +
                             "': use date (year and month), year, month, lang or source");
        }
    }
    return names;
}

std::vector<Facet> count_facets(const IndexReader& reader, const Xapian::Query& matches,
                                const std::vector<std::string>& names) {
    if (names.empty()) {
        return {};
    }
    if (reader.remote()) {
        throw UsageError("facets cannot be counted over remote shards (xapian-tcpsrv)");
    }
    const Xapian::Database& db = reader.db();
    Xapian::Enquire enquire(db);
    enquire.set_query(matches);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy dates(kSlotDate);
    std::optional<TermCountSpy> languages;
    std::optional<TermCountSpy> sources;
    bool counting_dates = false;
    for (const std::string& name : names) {
        if ((name == "year" || name == "month") && !counting_dates) {
            enquire.add_matchspy(&dates);  // once for both: each spy added is called
            counting_dates = true;
        } else if (name == "lang" && !languages) {
            languages.emplace(db, language_terms(db));
            enquire.add_matchspy(&*languages);
        } else if (name == "source" && !sources) {
            sources.emplace(db, source_terms(reader));
            enquire.add_matchspy(&*sources);
        }
    }
    // Every match is looked at (check_at_least = all), none returned.
    (void)enquire.get_mset(0, 0, db.get_doccount());
    std::vector<Facet> facets;
    for (const std::string& name : names) {
        Facet facet{name, {}};
        if (name == "year" || name == "month") {
            facet.counts = date_counts(dates, name == "year" ? 4 : 6);
        } else if (name == "lang") {
            facet.counts = languages->counts();
        } else {
            facet.counts = sources->counts();
        }
        facets.push_back(std::move(facet));
    }
    return facets;
}

}  // namespace tilde
