// SPDX-License-Identifier: MIT
/// @file test_passage_analysis.cpp  The writer's first stage, with no database: passages,
/// their terms, and their numbering across the parts of a document (issue #16).
#include <gtest/gtest.h>

#include "passage_analysis.hpp"
#include "schema.hpp"

namespace tilde {
namespace {

// "term@position ..." for the positional terms of `xdoc` starting with `prefix`, and "term"
// alone for terms with none: a compact picture to compare.
std::string terms_with(const Xapian::Document& xdoc, std::string_view prefix) {
    std::string out;
    for (auto term = xdoc.termlist_begin(); term != xdoc.termlist_end(); ++term) {
        if (!std::string_view(*term).starts_with(prefix)) {
            continue;
        }
        out += (out.empty() ? "" : " ") + *term;
        for (auto at = term.positionlist_begin(); at != term.positionlist_end(); ++at) {
            out += "@" + std::to_string(*at);
        }
    }
    return out;
}

TEST(PassageAnalysis, StopwordStemsCarryNoPositions) {
    PartAnalyzer analyzer(Language::Spanish);
    AnalyzedPart part =
        analyzer.analyze({"d", "", "La reunión de los generales.", "es", "", ""}, true, true);
    ASSERT_EQ(part.passages.size(), 1u);
    // "la", "de" and "los" are stopwords: their stems count, without positions; phrases
    // keep the gaps they leave.
    EXPECT_EQ(terms_with(part.passages[0].terms, kStemPrefix),
              "Zde Zgeneral@5 Zla Zlos Zreunion@2");
    // Stopwords get no word term either; accented words their exact form too.
    EXPECT_EQ(terms_with(part.passages[0].terms, "Ereu"), "Ereunión");
    EXPECT_EQ(terms_with(part.passages[0].terms, "l"), "");
}

TEST(PassageAnalysis, TitleTermsOnlyForTheFirstPart) {
    PartAnalyzer analyzer(Language::Unknown);
    const Document document{"d", "Reunión secreta", "Texto uno.\n\nTexto dos.", "es", "", ""};
    AnalyzedPart first = analyzer.analyze(document, true, false);
    AnalyzedPart later = analyzer.analyze(document, false, true);
    EXPECT_FALSE(first.title_postings.empty());
    EXPECT_TRUE(later.title_postings.empty());
    EXPECT_EQ(first.title, "Reunión secreta");
}

TEST(PassageAnalysis, PartsAreNumberedAndPlacedAfterTheEarlierOnes) {
    PartAnalyzer analyzer(Language::Unknown);
    AnalyzedPart part =
        analyzer.analyze({"d", "", "Uno dos.\n\nTres cuatro.", "es", "", ""}, false, true);
    ASSERT_EQ(part.passages.size(), 2u);
    EXPECT_EQ(part.passages[0].record.passage, 1u);
    EXPECT_EQ(part.passages[0].record.start, 0u);
    place_after(part, 7, 1000);
    EXPECT_EQ(part.passages[0].record.passage, 8u);
    EXPECT_EQ(part.passages[1].record.passage, 9u);
    EXPECT_EQ(part.passages[0].record.start, 1000u);
    EXPECT_EQ(part.passages[1].record.end, 1000u + 22u);
}

TEST(PassageAnalysis, TextKeysIgnoreCaseAccentsAndPunctuation) {
    PartAnalyzer analyzer(Language::Unknown);
    auto key = [&](const std::string& text) {
        return analyzer.analyze({"d", "", text, "", "", ""}, true, true)
            .passages.at(0)
            .record.text_key;
    };
    EXPECT_EQ(key("INTERLOCUTOR: Gracias."), key("interlocutor gracias"));
    EXPECT_EQ(key("Guaidó habló"), key("guaido hablo"));
    EXPECT_NE(key("Guaidó habló"), key("Guaidó calló"));
}

TEST(PassageAnalysis, SpellingsOfASearchablePassageAndOfAStoredOne) {
    PartAnalyzer analyzer(Language::Unknown);
    AnalyzedPart part =
        analyzer.analyze({"d", "", "Guaidó y Maduro en Caracas.", "es", "", ""}, true, true);
    ASSERT_EQ(part.passages.size(), 1u);
    std::string spellings;
    for (const SpellingUse& use : part.passages[0].spellings) {
        spellings += use.folded + "=" + use.written + " ";
    }
    EXPECT_EQ(spellings, "guaido=Guaidó maduro=Maduro caracas=Caracas ");
    // The same uses come back from a stored record, for taking them back on deletion.
    Analyzer plain;
    std::vector<SpellingUse> again = passage_spellings(plain, part.passages[0].record);
    ASSERT_EQ(again.size(), 3u);
    EXPECT_EQ(again[0].written, "Guaidó");
}

}  // namespace
}  // namespace tilde
