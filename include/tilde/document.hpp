// SPDX-License-Identifier: MIT
/// @file document.hpp  A source document as handed to the index writer.
#pragma once

#include <string>

namespace tilde {

/// One document to index. The writer splits `text` into passages.
struct Document {
    std::string id;     ///< Unique key: path relative to the indexed folder, or the JSON `id`.
    std::string title;  ///< Shown with every passage; may be empty.
    std::string text;   ///< UTF-8 body; paragraphs separated by blank lines or long lines.
    std::string lang;   ///< "es", "en", or empty to detect per passage.
    /// As given: "2019-08-21" (ISO 8601, a time after it ignored), "2019-08", "2019", or a
    /// written date ("Aug 19 2019"); may be empty. Text files get the date found in their head.
    std::string date;
    std::string source;  ///< Collection or publisher; may be empty.
};

}  // namespace tilde
