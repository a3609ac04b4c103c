// SPDX-License-Identifier: MIT
/// @file browsing.hpp  Reading an index other than by search: a document, completions, counts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tilde/searcher.hpp>

#include "analyzer.hpp"
#include "index_reader.hpp"
#include "query_parser.hpp"

namespace tilde {

class IndexBrowser {
  public:
    IndexBrowser(const IndexReader& reader, const Analyzer& analyzer)
        : reader_(reader), analyzer_(analyzer) {}

    /// Every passage of document `doc`, in order; the words of `root` (when given) marked with
    /// stemmers for `language`. Nullopt when no document has that id.
    [[nodiscard]] std::optional<DocumentText> document(std::string_view doc, const QueryNode* root,
                                                       Language language) const;

    /// The `max_words` most frequent indexed words that complete the last word of `prefix`,
    /// in the corpus's spelling.
    [[nodiscard]] std::vector<std::string> complete(std::string_view prefix,
                                                    size_t max_words) const;

    /// Counts and sizes.
    [[nodiscard]] IndexInfo info() const;

  private:
    const IndexReader& reader_;
    const Analyzer& analyzer_;
};

}  // namespace tilde
