# Writes a C++ file holding the raw stopword files as string literals.
file(READ ${EN} en_text)
file(READ ${ES} es_text)
file(READ ${SYN} synonyms_text)
file(WRITE ${OUT} "// Generated from stopwords/*.txt by stopwords/embed.cmake; do not edit.\n"
  "namespace tilde::detail {\n"
  "extern const char* const kEnglishStopwordsFile;\n"
  "extern const char* const kSpanishStopwordsFile;\n"
  "extern const char* const kSynonymsFile;\n"
  "const char* const kEnglishStopwordsFile = R\"tilde_sw(${en_text})tilde_sw\";\n"
  "const char* const kSpanishStopwordsFile = R\"tilde_sw(${es_text})tilde_sw\";\n"
  "const char* const kSynonymsFile = R\"tilde_sw(${synonyms_text})tilde_sw\";\n"
  "}  // namespace tilde::detail\n")
