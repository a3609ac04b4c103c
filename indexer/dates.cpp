// SPDX-License-Identifier: MIT
/// @file dates.cpp  A small scanner for the date lines of news pages, and query dates.
#include "dates.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace tilde {
namespace {

constexpr int kMinYear = 1000;
constexpr int kMaxYear = 2999;
// Where a text document's own date is looked for: its head, else its tail.
constexpr size_t kDateHeadBytes = 1000;
constexpr size_t kDateTailBytes = 1000;

struct Piece {
    enum class Kind { Number, Word, Mark } kind;
    std::string_view text;
    bool space_before = false;
    int number = 0;  // Number: its value (at most 9 digits are read)
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Bytes of UTF-8 sequences count as letters: "año" stays one word.
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           static_cast<unsigned char>(c) >= 0x80;
}
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::vector<Piece> split_pieces(std::string_view text) {
    std::vector<Piece> pieces;
    bool space = true;
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (is_space(c)) {
            space = true;
            ++i;
            continue;
        }
        size_t end = i + 1;
        Piece piece{Piece::Kind::Mark, {}, space, 0};
        if (is_digit(c)) {
            piece.kind = Piece::Kind::Number;
            while (end < text.size() && is_digit(text[end])) {
                ++end;
            }
            for (size_t k = i; k < end && k < i + 9; ++k) {
                piece.number = piece.number * 10 + (text[k] - '0');
            }
        } else if (is_letter(c)) {
            piece.kind = Piece::Kind::Word;
            while (end < text.size() && is_letter(text[end])) {
                ++end;
            }
        }
        piece.text = text.substr(i, end - i);
        pieces.push_back(piece);
        space = false;
        i = end;
    }
    return pieces;
}

std::string lower_ascii(std::string_view word) {
    std::string out(word);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

// 1-12 for an English or Spanish month name or its usual abbreviation, else 0.
int month_number(std::string_view word) {
    struct Name {
        std::string_view name;
        int month;
    };
    static constexpr std::array<Name, 37> kNames = {{
        {"january", 1},    {"jan", 1},       {"enero", 1},  {"ene", 1},      {"february", 2},
        {"feb", 2},        {"febrero", 2},   {"march", 3},  {"mar", 3},      {"marzo", 3},
        {"april", 4},      {"apr", 4},       {"abril", 4},  {"abr", 4},      {"may", 5},
        {"mayo", 5},       {"june", 6},      {"jun", 6},    {"junio", 6},    {"july", 7},
        {"jul", 7},        {"julio", 7},     {"august", 8}, {"aug", 8},      {"agosto", 8},
        {"ago", 8},        {"september", 9}, {"sep", 9},    {"sept", 9},     {"septiembre", 9},
        {"setiembre", 9},  {"october", 10},  {"oct", 10},   {"octubre", 10}, {"november", 11},
        {"noviembre", 11}, {"nov", 11},
    }};
    if (word.size() < 3 || word.size() > 10) {
        return 0;
    }
    const std::string lower = lower_ascii(word);
    if (lower == "december" || lower == "dec" || lower == "diciembre" || lower == "dic") {
        return 12;
    }
    for (const Name& name : kNames) {
        if (name.name == lower) {
            return name.month;
        }
    }
    return 0;
}

std::optional<CalendarDate> valid(int year, int month, int day) {
    if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month)) {
        return std::nullopt;
    }
    return CalendarDate{year, month, day};
}

class DateMatcher {
  public:
    explicit DateMatcher(const std::vector<Piece>& pieces) : p_(pieces) {}

    // The date starting at piece `i`, and how many pieces it spans.
    std::optional<CalendarDate> match(size_t i, size_t& length) const {
        for (auto form :
             {&DateMatcher::numeric, &DateMatcher::day_month_year, &DateMatcher::month_day_year}) {
            size_t at = i;
            if (std::optional<CalendarDate> date = (this->*form)(at)) {
                length = at - i;
                return date;
            }
        }
        return std::nullopt;
    }

  private:
    const Piece* at(size_t i) const { return i < p_.size() ? &p_[i] : nullptr; }
    bool number(size_t i, size_t min_digits, size_t max_digits) const {
        const Piece* piece = at(i);
        return piece && piece->kind == Piece::Kind::Number && piece->text.size() >= min_digits &&
               piece->text.size() <= max_digits;
    }
    // A mark written right against its neighbours: the '-' of "21-08-2019".
    bool joined_mark(size_t i, char mark) const {
        const Piece* piece = at(i);
        const Piece* next = at(i + 1);
        return piece && next && piece->kind == Piece::Kind::Mark && piece->text[0] == mark &&
               !piece->space_before && !next->space_before;
    }
    bool word(size_t i, std::string_view lower) const {
        const Piece* piece = at(i);
        return piece && piece->kind == Piece::Kind::Word && lower_ascii(piece->text) == lower;
    }
    bool mark(size_t i, char c) const {
        const Piece* piece = at(i);
        return piece && piece->kind == Piece::Kind::Mark && piece->text[0] == c;
    }
    int month(size_t i) const {
        const Piece* piece = at(i);
        return piece && piece->kind == Piece::Kind::Word ? month_number(piece->text) : 0;
    }
    // Skips an ordinal ending ("3rd", "1st") and a "." after an abbreviated month.
    void skip_ordinal(size_t& i) const {
        const Piece* piece = at(i);
        if (piece && piece->kind == Piece::Kind::Word && !piece->space_before) {
            std::string lower = lower_ascii(piece->text);
            if (lower == "st" || lower == "nd" || lower == "rd" || lower == "th") {
                ++i;
            }
        }
    }

    // 21-08-2019, 21/08/2019, 21.08.2019, 2019-08-21.
    std::optional<CalendarDate> numeric(size_t& i) const {
        for (char sep : {'-', '/', '.'}) {
            if (number(i, 1, 2) && joined_mark(i + 1, sep) && number(i + 2, 1, 2) &&
                joined_mark(i + 3, sep) && number(i + 4, 4, 4)) {
                auto date = valid(p_[i + 4].number, p_[i + 2].number, p_[i].number);
                i += 5;
                return date;
            }
            if (sep != '.' && number(i, 4, 4) && joined_mark(i + 1, sep) && number(i + 2, 1, 2) &&
                joined_mark(i + 3, sep) && number(i + 4, 1, 2)) {
                auto date = valid(p_[i].number, p_[i + 2].number, p_[i + 4].number);
                i += 5;
                return date;
            }
        }
        return std::nullopt;
    }

    // 08 February 2019, 31 Jan. 2019, 21 de agosto de 2019.
    std::optional<CalendarDate> day_month_year(size_t& i) const {
        size_t k = i;
        if (!number(k, 1, 2)) {
            return std::nullopt;
        }
        const int day = p_[k++].number;
        skip_ordinal(k);
        if (word(k, "de") || word(k, "of")) {
            ++k;
        }
        const int m = month(k);
        if (m == 0) {
            return std::nullopt;
        }
        ++k;
        if (mark(k, '.') || mark(k, ',')) {
            ++k;
        }
        if (word(k, "de") || word(k, "del")) {
            ++k;
        }
        return with_year(k, m, day, i);
    }

    // Aug 19 2019, February 29, 2024, Feb. 3rd, 2019.
    std::optional<CalendarDate> month_day_year(size_t& i) const {
        size_t k = i;
        const int m = month(k);
        if (m == 0) {
            return std::nullopt;
        }
        ++k;
        if (mark(k, '.')) {
            ++k;
        }
        if (!number(k, 1, 2)) {
            return std::nullopt;
        }
        const int day = p_[k++].number;
        skip_ordinal(k);
        if (mark(k, ',')) {
            ++k;
        }
        return with_year(k, m, day, i);
    }

    // The year at piece `k` completes a date; `i` moves past it.
    std::optional<CalendarDate> with_year(size_t k, int month, int day, size_t& i) const {
        if (!number(k, 4, 4)) {
            return std::nullopt;
        }
        i = k + 1;
        return valid(p_[k].number, month, day);
    }

    const std::vector<Piece>& p_;
};

// Cuts at most `max` bytes from the front or the back; a broken UTF-8 sequence at the cut is
// harmless here (its bytes count as letters).
std::string_view head(std::string_view text, size_t max) { return text.substr(0, max); }
std::string_view tail(std::string_view text, size_t max) {
    return text.size() <= max ? text : text.substr(text.size() - max);
}

int parse_digits(std::string_view digits) {
    int value = 0;
    for (char c : digits) {
        value = value * 10 + (c - '0');
    }
    return value;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

}  // namespace

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[static_cast<size_t>(month - 1)];
}

std::string date_key(const CalendarDate& date) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", date.year, date.month, date.day);
    return buffer;
}

std::string iso_date(std::string_view key) {
    if (key.size() != 8 || !all_digits(key)) {
        return {};
    }
    return std::string(key.substr(0, 4)) + '-' + std::string(key.substr(4, 2)) + '-' +
           std::string(key.substr(6, 2));
}

std::vector<CalendarDate> find_dates(std::string_view text) {
    const std::vector<Piece> pieces = split_pieces(text);
    DateMatcher matcher(pieces);
    std::vector<CalendarDate> dates;
    for (size_t i = 0; i < pieces.size();) {
        size_t length = 0;
        if (std::optional<CalendarDate> date = matcher.match(i, length)) {
            dates.push_back(*date);
            i += length;
        } else {
            i += std::max<size_t>(length, 1);
        }
    }
    return dates;
}

std::optional<CalendarDate> document_date(std::string_view text) {
    for (std::string_view part : {head(text, kDateHeadBytes), tail(text, kDateTailBytes)}) {
        std::vector<CalendarDate> dates = find_dates(part);
        if (!dates.empty()) {
            return *std::min_element(dates.begin(), dates.end());
        }
    }
    return std::nullopt;
}

std::optional<CalendarDate> parse_metadata_date(std::string_view text) {
    // ISO 8601, possibly with a time: 2019-08-21T12:56:00Z, 2019-08, 2019.
    std::string_view date = text.substr(0, text.find_first_of("T "));
    if (date.size() >= 4 && all_digits(date.substr(0, 4))) {
        const int year = parse_digits(date.substr(0, 4));
        if (date.size() == 4) {
            return valid(year, 1, 1);
        }
        if (date.size() == 7 && date[4] == '-' && all_digits(date.substr(5))) {
            return valid(year, parse_digits(date.substr(5)), 1);
        }
        if (date.size() == 10 && date[4] == '-' && date[7] == '-' &&
            all_digits(date.substr(5, 2)) && all_digits(date.substr(8))) {
            return valid(year, parse_digits(date.substr(5, 2)), parse_digits(date.substr(8)));
        }
    }
    std::vector<CalendarDate> dates = find_dates(text);
    if (dates.empty()) {
        return std::nullopt;
    }
    return dates.front();
}

DateSpan parse_query_date(std::string_view text) {
    auto fail = [&](const std::string& reason) { throw std::invalid_argument(reason); };
    const std::string expected =
        "'" + std::string(text) + "' is not a date; write 2019, 2019-02 or 2019-02-08";
    if (text.size() < 4 || !all_digits(text.substr(0, 4))) {
        fail(expected);
    }
    const int year = parse_digits(text.substr(0, 4));
    if (year < kMinYear || year > kMaxYear) {
        fail("year " + std::to_string(year) + " is out of range (" + std::to_string(kMinYear) +
             "-" + std::to_string(kMaxYear) + ")");
    }
    if (text.size() == 4) {
        return {{year, 1, 1}, {year, 12, 31}};
    }
    if (text[4] != '-' || (text.size() != 7 && text.size() != 10) ||
        !all_digits(text.substr(5, 2))) {
        fail(expected);
    }
    const int month = parse_digits(text.substr(5, 2));
    if (month < 1 || month > 12) {
        fail("month " + std::to_string(month) + " does not exist");
    }
    if (text.size() == 7) {
        return {{year, month, 1}, {year, month, days_in_month(year, month)}};
    }
    if (text[7] != '-' || !all_digits(text.substr(8, 2))) {
        fail(expected);
    }
    const int day = parse_digits(text.substr(8, 2));
    if (day < 1 || day > days_in_month(year, month)) {
        fail("day " + std::to_string(day) + " does not exist in " + std::string(text.substr(0, 7)) +
             " (it has " + std::to_string(days_in_month(year, month)) + " days)");
    }
    return {{year, month, day}, {year, month, day}};
}

}  // namespace tilde
