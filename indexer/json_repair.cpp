// SPDX-License-Identifier: MIT
#include "json_repair.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace tilde {
namespace {

bool is_hex4(std::string_view digits) {
    return digits.size() == 4 && std::all_of(digits.begin(), digits.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) != 0;
           });
}

}  // namespace

size_t replace_lone_surrogates(std::string& line) {
    auto unit_at = [&](size_t i) -> int {  // the code unit of an escape "\uXXXX" at i, or -1
        if (i + 6 > line.size() || line[i] != '\\' || line[i + 1] != 'u' ||
            !is_hex4(std::string_view(line).substr(i + 2, 4))) {
            return -1;
        }
        return std::stoi(line.substr(i + 2, 4), nullptr, 16);
    };
    auto is_high = [](int unit) { return unit >= 0xD800 && unit <= 0xDBFF; };
    auto is_low = [](int unit) { return unit >= 0xDC00 && unit <= 0xDFFF; };
    size_t replaced = 0;
    std::string out;
    out.reserve(line.size());
    for (size_t i = 0; i < line.size();) {
        if (line[i] != '\\' || i + 1 == line.size()) {
            out += line[i++];
            continue;
        }
        const int unit = unit_at(i);
        if (is_high(unit) && is_low(unit_at(i + 6))) {
            out.append(line, i, 12);  // a whole pair
            i += 12;
        } else if (is_high(unit) || is_low(unit)) {
            out += "\\ufffd";
            ++replaced;
            i += 6;
        } else {
            out.append(line, i, unit >= 0 ? 6 : 2);  // another escape, kept as it is
            i += unit >= 0 ? 6 : 2;
        }
    }
    if (replaced > 0) {
        line = std::move(out);
    }
    return replaced;
}

size_t escape_raw_controls(std::string& line) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    size_t escaped = 0;
    bool in_string = false;
    bool after_backslash = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        const auto byte = static_cast<unsigned char>(c);
        if (!in_string) {
            in_string = c == '"';
        } else if (after_backslash) {
            after_backslash = false;
        } else if (c == '\\') {
            after_backslash = true;
        } else if (c == '"') {
            in_string = false;
        } else if (byte < 0x20) {
            if (escaped++ == 0) {
                out.reserve(line.size() + 16);
                out.assign(line, 0, i);
            }
            switch (c) {
                case '\t':
                    out += "\\t";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                default:
                    out += "\\u00";
                    out += kHex[byte >> 4];
                    out += kHex[byte & 0xF];
            }
            continue;
        }
        if (escaped > 0) {
            out += c;
        }
    }
    if (escaped > 0) {
        line = std::move(out);
    }
    return escaped;
}

}  // namespace tilde
