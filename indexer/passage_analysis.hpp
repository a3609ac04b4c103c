// SPDX-License-Identifier: MIT
/// @file passage_analysis.hpp  A document (or one part of a long one) split into passages,
/// analyzed and turned into Xapian terms: all the indexing work that needs no database, so
/// that it can run on any thread and be tested alone.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include <tilde/document.hpp>

#include "analyzer.hpp"
#include "passage_record.hpp"
#include "passage_splitter.hpp"

namespace tilde {

/// How a passage writes a word worth offering as a spelling correction ("guaido" written
/// "Guaidó"): counted into the index only for the searchable copy of a text.
struct SpellingUse {
    std::string folded;
    std::string written;  ///< empty when written as `folded` itself
};

/// One passage, ready to be written.
struct AnalyzedPassage {
    PassageRecord record;
    /// Its searchable terms: stems (with positions, but for stopwords), folded words, accented
    /// forms. The writer adds the passage's key terms and values.
    Xapian::Document terms;
    std::vector<SpellingUse> spellings;
};

/// One part of a document, analyzed.
struct AnalyzedPart {
    std::string id;
    std::string title;
    std::string date_key;    ///< kSlotDate value; empty when the document has no date
    std::string collection;  ///< the collection's name (collection_name()); may be empty
    /// The title's stems (kTitlePrefix) and positions, for the document's first passage.
    std::vector<std::pair<std::string, Xapian::termpos>> title_postings;
    bool first = false;  ///< the document's first part: replaces any earlier version
    bool last = false;
    std::uint64_t text_bytes = 0;
    std::vector<AnalyzedPassage> passages;
};

/// The terms of one passage's words (see AnalyzedPassage::terms); appends the spellings it
/// uses to `spellings` when that is not null.
[[nodiscard]] Xapian::Document passage_terms(const Analyzer& analyzer, const std::string& text,
                                             const std::vector<Token>& tokens, Language language,
                                             std::vector<SpellingUse>* spellings);

/// The spellings a stored passage added to the index when it was written (for taking them
/// back when it is deleted).
[[nodiscard]] std::vector<SpellingUse> passage_spellings(const Analyzer& analyzer,
                                                         const PassageRecord& record);

/// The key shared by identical texts: a hash of their folded words.
[[nodiscard]] std::uint64_t text_key(const std::vector<Token>& tokens);

/// Splits and analyzes documents, or parts of long ones. A part's passages are numbered from 1
/// and placed from byte 0 of the part: place_after() moves them behind the document's earlier
/// parts. Not thread-safe: one per thread; any of them may analyze any part.
class PartAnalyzer {
  public:
    /// `forced_language`: Unknown detects each passage's language; es or en applies to every
    /// document that does not declare its own.
    /// `stem_cache_words`: Analyzer::limit_stem_cache().
    explicit PartAnalyzer(Language forced_language,
                          std::size_t stem_cache_words = Analyzer::kMaxCachedStems)
        : forced_language_(forced_language) {
        analyzer_.limit_stem_cache(stem_cache_words);
    }

    [[nodiscard]] AnalyzedPart analyze(const Document& document, bool first, bool last) const;

  private:
    void add_document_fields(const Document& document, AnalyzedPart& out) const;

    Language forced_language_;
    Analyzer analyzer_;
    PassageSplitter splitter_;
};

/// Numbers and places `part`'s passages as if they followed `passages_before` passages and
/// `bytes_before` bytes of text of the same document.
void place_after(AnalyzedPart& part, std::uint32_t passages_before, std::uint32_t bytes_before);

}  // namespace tilde
