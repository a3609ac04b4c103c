// SPDX-License-Identifier: MIT
/// @file test_text_encoding.cpp  Legacy encodings, mojibake and damaged bytes become UTF-8.
#include <gtest/gtest.h>

#include "text_encoding.hpp"

namespace tilde {
namespace {

struct Case {
    std::string bytes;
    std::string utf8;
    std::string note;  // the start of the note; "" for none
};

TEST(DecodeText, RepairsWhatRealSpanishTextLooksLike) {
    const std::vector<Case> cases = {
        {"Guaidó y País", "Guaidó y País", ""},
        {"", "", ""},
        {"\xEF\xBB\xBFGuaidó", "Guaidó", ""},                                // UTF-8 BOM dropped
        {"Precio: 5 € en España", "Precio: 5 € en España", ""},              // real € and ñ kept
        {"Guaid\xF3 y Par\xEDs", "Guaidó y París", "read as windows-1252"},  // Latin-1
        {"\x93Hola\x94 \x96 a\xF1o", "“Hola” – año", "read as windows-1252"},  // 0x80-0x9F
        {"GuaidÃ³ y PaÃ­s", "Guaidó y País", "repaired 2 characters of double-encoded UTF-8"},
        {"Â¿QuÃ© pasÃ³?", "¿Qué pasó?", "repaired 3"},
        {"â€œcomillasâ€\xC2\x9D", "“comillas”", "repaired 2"},  // cp1252 punctuation
        {"Guaidó dijo \xFF que sí, señor", "Guaidó dijo \xEF\xBF\xBD que sí, señor",
         "replaced 1 invalid UTF-8 bytes with U+FFFD"},
        {std::string("\xFF\xFEH\0i\0", 6), "Hi", "read as UTF-16LE"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.bytes);
        DecodedText decoded = decode_text(c.bytes);
        EXPECT_FALSE(decoded.binary);
        EXPECT_EQ(decoded.utf8, c.utf8);
        if (c.note.empty()) {
            EXPECT_EQ(decoded.note, "");
        } else {
            EXPECT_EQ(decoded.note.rfind(c.note, 0), 0u) << decoded.note;
        }
    }
}

TEST(DecodeText, NulBytesMeanBinary) {
    DecodedText decoded =
        decode_text(std::string("\x7F"
                                "ELF\0\0\0\x01",
                                8));
    EXPECT_TRUE(decoded.binary);
    EXPECT_EQ(decoded.utf8, "");
}

TEST(DecodeText, AStrayNulIsDroppedAndCountedNotBinary) {
    const std::string nul(1, '\0');
    DecodedText decoded = decode_text("año" + nul + " nuevo" + nul);
    EXPECT_FALSE(decoded.binary);
    EXPECT_EQ(decoded.utf8, "año nuevo");
    EXPECT_EQ(decoded.nuls.count, 2u);
    EXPECT_EQ(decoded.nuls.first, 4u);
    DroppedNuls in_file{1, 30};
    in_file.add(decoded.nuls, 100);  // a later part's
    EXPECT_EQ(describe(in_file),
              "3 NUL bytes dropped, the first at byte 30; the text around them is indexed");
    DroppedNuls later;
    later.add(decoded.nuls, 100);
    EXPECT_EQ(later.first, 104u);
    // Counted from the file's first byte, its byte order mark.
    decoded = decode_text("\xEF\xBB\xBF" + std::string("ab") + nul + "c");
    EXPECT_EQ(decoded.utf8, "abc");
    EXPECT_EQ(decoded.nuls.first, 5u);
    // Three NULs in 8 kB of text are stray; UTF-32 and executables are binary.
    const std::string page = std::string(4000, 'a') + nul + std::string(4000, 'b') + nul + nul;
    EXPECT_FALSE(looks_binary(page));
    EXPECT_TRUE(looks_binary(std::string("H\0\0\0i\0\0\0", 8)));
    EXPECT_TRUE(looks_binary(std::string(6000, 'a') + std::string(200, '\0')));
}

TEST(DecodeText, OutputIsAlwaysValidUtf8) {
    // Every single byte value, alone and after text: never a crash, always valid UTF-8.
    for (int byte = 1; byte < 256; ++byte) {
        for (const std::string& prefix : {std::string(), std::string("año "), std::string("Ã")}) {
            std::string input = prefix + static_cast<char>(byte) + "x";
            DecodedText decoded = decode_text(input);
            EXPECT_EQ(decode_text(decoded.utf8).note.find("invalid"), std::string::npos) << byte;
        }
    }
}

}  // namespace
}  // namespace tilde
