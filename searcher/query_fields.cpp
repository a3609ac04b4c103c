// SPDX-License-Identifier: MIT
/// @file query_fields.cpp  The plan's filters for field:value clauses (title:, doc:, lang:,
/// source:, date:), which add no weight.
#include <algorithm>

#include "passage_record.hpp"
#include "query_combine.hpp"
#include "query_plan.hpp"
#include "schema.hpp"

namespace tilde {

// field:value as a filter adding no weight.
Xapian::Query QueryPlanner::field_query(const QueryNode& node) const {
    using FieldName = QueryNode::FieldName;
    Xapian::Query q;
    switch (node.field) {
        case FieldName::Title:
            q = documents_titled(node.children[0]);
            break;
        case FieldName::Lang:
            q = reader_.in_language(node.value);
            break;
        case FieldName::Doc:
            q = documents_matching(terms_beginning(prefixed(kDocNamePrefix, node.value)));
            break;
        case FieldName::Source:
            q = collections_beginning(node.value);
            break;
        case FieldName::Date: {
            const size_t dots = node.value.find("..");
            const std::string first = node.value.substr(0, dots);
            const std::string last = node.value.substr(dots + 2);
            if (first.empty()) {
                q = Xapian::Query(Xapian::Query::OP_VALUE_LE, kSlotDate, last);
            } else if (last.empty()) {
                q = Xapian::Query(Xapian::Query::OP_VALUE_GE, kSlotDate, first);
            } else {
                q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kSlotDate, first, last);
            }
            break;
        }
        case FieldName::None:
            break;
    }
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0);
}

// Title words are on each document's first passage (schema.hpp, kTitlePrefix): the
// documents whose titles match, as a filter of their passages.
Xapian::Query QueryPlanner::documents_titled(const QueryNode& node) const {
    return documents_matching(title_query(node));
}

// The collections whose names begin with `prefix` (any case), as a filter: their names are
// listed in each shard's metadata, their terms are hashes.
Xapian::Query QueryPlanner::collections_beginning(const std::string& prefix) const {
    const std::string start = prefixed(kMetaCollectionPrefix, collection_name(prefix));
    std::set<std::string> terms;
    auto collect = [&](const Xapian::Database& db) {
        for (auto it = db.metadata_keys_begin(start); it != db.metadata_keys_end(start); ++it) {
            terms.insert(
                collection_term(std::string_view(*it).substr(kMetaCollectionPrefix.size())));
        }
    };
    for (const Xapian::Database* db : reader_.metadata_sources()) {
        collect(*db);
    }
    std::vector<Xapian::Query> parts(terms.begin(), terms.end());
    return combine(Xapian::Query::OP_OR, parts);
}

// The passages of the documents whose first passages match `first_passages` (title and
// document-name terms are there only).
Xapian::Query QueryPlanner::documents_matching(const Xapian::Query& first_passages) const {
    if (first_passages.empty()) {
        return first_passages;
    }
    Xapian::Enquire enquire(reader_.db());
    enquire.set_query(first_passages);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet found = enquire.get_mset(0, reader_.db().get_doccount());
    std::vector<Xapian::Query> documents;
    for (auto it = found.begin(); it != found.end(); ++it) {
        documents.emplace_back(
            document_key(DocumentRecord::parse(it.get_document().get_value(kSlotDocument)).doc));
    }
    return combine(Xapian::Query::OP_OR, documents);
}

// Title words are indexed as stems in both languages (schema.hpp, kTitlePrefix).
Xapian::Query QueryPlanner::title_query(const QueryNode& node) const {
    using Kind = QueryNode::Kind;
    auto stems = [&](const Token& token) {
        std::vector<Xapian::Query> parts;
        for (const std::string& stem : analyzer_.stems(token.folded, Language::Unknown)) {
            parts.emplace_back(prefixed(kTitlePrefix, stem));
        }
        return combine(Xapian::Query::OP_OR, parts);
    };
    switch (node.kind) {
        case Kind::Word:
        case Kind::Exact:
            return stems(node.tokens[0]);
        case Kind::Phrase: {
            std::vector<Xapian::Query> parts;
            for (const Token& token : node.tokens) {
                parts.push_back(stems(token));
            }
            return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                                 static_cast<Xapian::termcount>(parts.size()));
        }
        case Kind::Prefix:
            return terms_beginning(prefixed(kTitlePrefix, node.value));
        default: {
            std::vector<Xapian::Query> parts;
            for (const QueryNode& child : node.children) {
                parts.push_back(title_query(child));
            }
            return combine(node.kind == Kind::Or ? Xapian::Query::OP_OR : Xapian::Query::OP_AND,
                           parts);
        }
    }
}

// Every index term starting with `prefix` (a document id, a collection), as one filter.
Xapian::Query QueryPlanner::terms_beginning(const std::string& prefix) const {
    std::vector<Xapian::Query> terms;
    for (auto it = reader_.db().allterms_begin(prefix); it != reader_.db().allterms_end(prefix);
         ++it) {
        terms.emplace_back(*it);
    }
    return terms.empty() ? Xapian::Query::MatchNothing
                         : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace tilde
