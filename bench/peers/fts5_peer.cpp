// SPDX-License-Identifier: MIT
/// @file fts5_peer.cpp  SQLite FTS5 with accent folding, bm25() ranking and snippet().
#include <sqlite3.h>

#include <tilde/errors.hpp>

#include "peers.hpp"

namespace tilde::bench {
namespace {

struct CloseDatabase {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using DatabaseHandle = std::unique_ptr<sqlite3, CloseDatabase>;
using StatementHandle = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

DatabaseHandle open_database(const std::filesystem::path& path, int flags) {
    sqlite3* raw = nullptr;
    int status = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    DatabaseHandle db(raw);
    if (status != SQLITE_OK) {
        throw IoError("cannot open SQLite database '" + path.string() +
                      "': " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(status)));
    }
    return db;
}

void execute(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw Error(std::string("SQLite: ") + text + " in: " + sql);
    }
}

StatementHandle prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
        throw Error(std::string("SQLite: ") + sqlite3_errmsg(db) + " in: " + sql);
    }
    return StatementHandle(raw);
}

bool is_word_byte(unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

class Fts5Peer final : public QueryEngine {
  public:
    Fts5Peer(const std::filesystem::path& index, const QueryRunOptions& options)
        : db_(open_database(index, SQLITE_OPEN_READONLY)),
          statement_(prepare(db_.get(),
                             options.snippets
                                 ? "SELECT snippet(passages, 0, '<b>', '</b>', '...', 40) FROM "
                                   "passages WHERE passages MATCH ?1 ORDER BY bm25(passages) "
                                   "LIMIT ?2"
                                 : "SELECT rowid FROM passages WHERE passages MATCH ?1 ORDER BY "
                                   "bm25(passages) LIMIT ?2")),
          limit_(options.limit) {}

    size_t search(const std::string& query) override {
        const std::string match = fts5_match_expression(query);
        if (match.empty()) {
            return 0;
        }
        sqlite3_stmt* statement = statement_.get();
        sqlite3_reset(statement);
        sqlite3_bind_text(statement, 1, match.data(), static_cast<int>(match.size()),
                          SQLITE_TRANSIENT);
        sqlite3_bind_int(statement, 2, static_cast<int>(limit_));
        size_t rows = 0;
        int status;
        while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
            ++rows;
            snippet_bytes_ += static_cast<size_t>(sqlite3_column_bytes(statement, 0));
        }
        if (status != SQLITE_DONE) {
            throw Error("SQLite: " + std::string(sqlite3_errmsg(db_.get())) + " for " + match);
        }
        return rows;
    }

  private:
    DatabaseHandle db_;
    StatementHandle statement_;
    uint32_t limit_;
    size_t snippet_bytes_ = 0;
};

}  // namespace

std::string fts5_match_expression(const std::string& query) {
    std::string out;
    for (size_t i = 0; i < query.size();) {
        if (!is_word_byte(static_cast<unsigned char>(query[i]))) {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < query.size() && is_word_byte(static_cast<unsigned char>(query[end]))) {
            ++end;
        }
        out += (out.empty() ? "\"" : " OR \"") + query.substr(i, end - i) + "\"";
        i = end;
    }
    return out;
}

void build_fts5_peer(const std::vector<PeerPassage>& passages, const std::filesystem::path& out) {
    DatabaseHandle db = open_database(out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    execute(db.get(),
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
            "CREATE VIRTUAL TABLE passages USING fts5(body, tokenize = 'unicode61 "
            "remove_diacritics 2'); BEGIN");
    StatementHandle insert = prepare(db.get(), "INSERT INTO passages(body) VALUES (?1)");
    for (const PeerPassage& passage : passages) {
        sqlite3_bind_text(insert.get(), 1, passage.text.data(),
                          static_cast<int>(passage.text.size()), SQLITE_STATIC);
        if (sqlite3_step(insert.get()) != SQLITE_DONE) {
            throw Error("SQLite: " + std::string(sqlite3_errmsg(db.get())) + " inserting into '" +
                        out.string() + "'");
        }
        sqlite3_reset(insert.get());
    }
    execute(db.get(), "COMMIT");
}

std::unique_ptr<QueryEngine> open_fts5_peer(const std::filesystem::path& index,
                                            const QueryRunOptions& options) {
    return std::make_unique<Fts5Peer>(index, options);
}

}  // namespace tilde::bench
