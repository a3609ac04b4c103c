// SPDX-License-Identifier: MIT
/// @file xapian_peer.cpp  Plain Xapian as a user of its documented defaults would write it.
#include <xapian.h>

#include <tilde/errors.hpp>

#include "peers.hpp"

namespace tilde::bench {

void build_xapian_peer(const std::vector<PeerPassage>& passages, const std::filesystem::path& out) {
    Xapian::WritableDatabase db(out.string(), Xapian::DB_CREATE);
    Xapian::TermGenerator english;
    english.set_stemmer(Xapian::Stem("english"));
    Xapian::TermGenerator spanish;
    spanish.set_stemmer(Xapian::Stem("spanish"));
    for (const PeerPassage& passage : passages) {
        Xapian::TermGenerator& generator = passage.lang == "es" ? spanish : english;
        Xapian::Document document;
        generator.set_document(document);
        generator.index_text(passage.text);
        document.set_data(passage.text);
        db.add_document(document);
    }
    db.commit();
}

namespace {

class XapianPeer final : public QueryEngine {
  public:
    XapianPeer(const std::filesystem::path& index, const QueryRunOptions& options)
        : db_(index.string()), options_(options), stemmer_("english") {
        parser_.set_database(db_);
        parser_.set_stemmer(stemmer_);
        parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    }

    size_t search(const std::string& query) override {
        Xapian::Enquire enquire(db_);
        enquire.set_query(parser_.parse_query(query));  // BM25 is Enquire's default
        Xapian::MSet mset = enquire.get_mset(0, options_.limit);
        if (options_.snippets) {
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                snippet_bytes_ += mset.snippet(it.get_document().get_data(), 240, stemmer_).size();
            }
        }
        return mset.size();
    }

  private:
    Xapian::Database db_;
    QueryRunOptions options_;
    Xapian::Stem stemmer_;
    Xapian::QueryParser parser_;
    size_t snippet_bytes_ = 0;  // kept so the snippets cannot be optimised away
};

}  // namespace

std::unique_ptr<QueryEngine> open_xapian_peer(const std::filesystem::path& index,
                                              const QueryRunOptions& options) {
    return std::make_unique<XapianPeer>(index, options);
}

}  // namespace tilde::bench
