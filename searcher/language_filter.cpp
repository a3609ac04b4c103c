// SPDX-License-Identifier: MIT
/// @file language_filter.cpp  A posting source over a bitmap of docids.
#include "language_filter.hpp"

#include <algorithm>
#include <bit>
#include <sstream>

namespace tilde {
namespace {

// Matches the docids set in a bitmap with a fixed weight. check() answers in one lookup, so
// an AND or FILTER tests its candidates without reading postings.
class BitmapSource final : public Xapian::PostingSource {
  public:
    BitmapSource(std::shared_ptr<LanguageBitmaps> bitmaps, std::string term, double weight)
        : bitmaps_(std::move(bitmaps)), term_(std::move(term)), weight_(weight) {}

    void init(const Xapian::Database& db) override {
        bits_ = bitmaps_->of(db, term_);
        at_ = 0;
        definite_ = true;
        set_maxweight(weight_);
    }
    Xapian::doccount get_termfreq_min() const override { return bits_->count; }
    Xapian::doccount get_termfreq_est() const override { return bits_->count; }
    Xapian::doccount get_termfreq_max() const override { return bits_->count; }
    void next(double) override {
        at_ = first_from(at_ + 1);
        definite_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        if (!definite_ || did > at_) {
            at_ = first_from(std::max(did, at_));
            definite_ = true;
        }
    }
    bool check(Xapian::docid did, double) override {
        if (definite_ && did <= at_) {
            return true;  // already there, or past it
        }
        // Not set: an indeterminate position, from which next() finds the one after `did`.
        at_ = did;
        definite_ = has(did);
        return definite_;
    }
    bool at_end() const override { return at_ >= limit(); }
    Xapian::docid get_docid() const override { return at_; }
    double get_weight() const override { return weight_; }
    BitmapSource* clone() const override { return new BitmapSource(bitmaps_, term_, weight_); }
    std::string get_description() const override {
        std::ostringstream out;
        out << "LanguageBits(" << term_;
        if (weight_ != 0) {
            out << ", wt=" << weight_;
        }
        out << ')';
        return out.str();
    }

  private:
    const std::vector<std::uint64_t>& words() const { return bits_->words; }
    Xapian::docid limit() const { return static_cast<Xapian::docid>(words().size() * 64); }
    bool has(Xapian::docid did) const {
        return did < limit() && (words()[did / 64] >> (did % 64) & 1U) != 0;
    }
    // The first docid set at or after `did`, else limit().
    Xapian::docid first_from(Xapian::docid did) const {
        size_t word = did / 64;
        if (word >= words().size()) {
            return limit();
        }
        std::uint64_t bits = words()[word] & (~std::uint64_t{0} << (did % 64));
        while (bits == 0) {
            if (++word == words().size()) {
                return limit();
            }
            bits = words()[word];
        }
        return static_cast<Xapian::docid>(word * 64 + static_cast<size_t>(std::countr_zero(bits)));
    }

    std::shared_ptr<LanguageBitmaps> bitmaps_;
    std::string term_;
    double weight_;
    std::shared_ptr<const DocidBits> bits_;
    Xapian::docid at_ = 0;  // 0: before the first
    bool definite_ = true;  // false after check() missed: at_ is not a match
};

}  // namespace

std::shared_ptr<const DocidBits> LanguageBitmaps::of(const Xapian::Database& db,
                                                     const std::string& term) {
    const std::string uuid = db.get_uuid();
    const std::string key = uuid + '\0' + std::to_string(db.get_revision()) + '\0' + term;
    if (!uuid.empty()) {
        std::lock_guard lock(mutex_);
        auto found = std::find_if(kept_.begin(), kept_.end(),
                                  [&](const Entry& entry) { return entry.key == key; });
        if (found != kept_.end()) {
            std::rotate(found, found + 1, kept_.end());
            return kept_.back().bits;
        }
    }
    auto bits = std::make_shared<DocidBits>();
    bits->words.assign(db.get_lastdocid() / 64 + 1, 0);
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        bits->words[*it / 64] |= std::uint64_t{1} << (*it % 64);
        ++bits->count;
    }
    if (!uuid.empty()) {
        std::lock_guard lock(mutex_);
        if (kept_.size() >= kMaxKept) {
            kept_.erase(kept_.begin());
        }
        kept_.push_back({key, bits});
    }
    return bits;
}

Xapian::Query passages_with(std::shared_ptr<LanguageBitmaps> bitmaps, const std::string& term,
                            double weight) {
    // release(): the query owns the source.
    return Xapian::Query((new BitmapSource(std::move(bitmaps), term, weight))->release());
}

}  // namespace tilde
