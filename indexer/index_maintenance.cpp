// SPDX-License-Identifier: MIT
/// @file index_maintenance.cpp  Work on a finished index: Xapian's checker over each database
/// (tilde-index --check), and packing an index into one file (--single-file).
#include <optional>
#include <sstream>
#include <utility>

#include <xapian.h>

#include <tilde/errors.hpp>
#include <tilde/index_writer.hpp>

#include "index_layout.hpp"
#include "schema.hpp"
#include "shard_stub.hpp"

namespace tilde {
namespace fs = std::filesystem;

std::vector<std::string> check_index(const fs::path& index) {
    std::vector<std::pair<std::string, fs::path>> databases;  // name, glass folder or file
    auto add = [&](const std::string& name, const fs::path& folder) {
        if (std::optional<fs::path> generation = current_generation(folder)) {
            databases.emplace_back(name, *generation);
        } else {
            databases.emplace_back(name, folder);
        }
    };
    if (std::optional<ShardStub> stub = read_shard_stub(index)) {
        for (const ShardLocation& shard : stub->shards) {
            if (!shard.remote()) {
                add(shard.path.filename().string(), shard.path);
            }
        }
    } else {
        std::error_code ec;
        if (!fs::exists(index, ec)) {
            throw IndexNotFound("cannot check index '" + index.string() + "': no such folder");
        }
        add("", index);
    }
    std::vector<std::string> problems;
    for (const auto& [name, path] : databases) {
        const std::string where = name.empty() ? "" : name + ": ";
        std::ostringstream log;  // Xapian's table-by-table report; the problem is its last line
        try {
            const size_t errors = Xapian::Database::check(path.string(), 0, &log);
            if (errors > 0) {
                problems.push_back(where + std::to_string(errors) + " problems in the tables");
            }
            const Xapian::Database db(path.string());
            if (db.get_metadata(std::string(kMetaFormat)).empty()) {
                problems.push_back(where + "a Xapian database, but not a tilde index");
            }
        } catch (const Xapian::DatabaseOpeningError& error) {
            problems.push_back(where + "cannot be opened: " + error.get_msg());
        } catch (const Xapian::Error& error) {
            // The table being checked when it failed is the last one the report names.
            std::string table;
            std::istringstream lines(log.str());
            for (std::string line; std::getline(lines, line);) {
                if (!line.empty() && line.back() == ':' && line.find(' ') == std::string::npos) {
                    table = line.substr(0, line.size() - 1);
                }
            }
            problems.push_back(where + (table.empty() ? "" : table + " table: ") + error.get_msg());
        }
    }
    return problems;
}

void write_single_file(const fs::path& index_dir, const fs::path& out_file) {
    Xapian::Database db;
    try {
        db = Xapian::Database(index_dir.string());
    } catch (const Xapian::Error& error) {
        throw IndexNotFound("cannot open index '" + index_dir.string() +
                            "': " + error.get_description());
    }
    if (db.get_metadata(std::string(kMetaFormat)).empty()) {
        throw IndexNotFound("'" + index_dir.string() + "' is not a tilde index");
    }
    // Written beside the target and renamed over it, so a reader never sees half a file.
    fs::path partial = out_file;
    partial += ".partial";
    try {
        db.compact(partial.string(), Xapian::DBCOMPACT_SINGLE_FILE);
    } catch (const Xapian::Error& error) {
        std::error_code ignored;
        fs::remove(partial, ignored);
        throw IoError("cannot write single-file index '" + out_file.string() +
                      "': " + error.get_description());
    }
    std::error_code ec;
    fs::rename(partial, out_file, ec);
    if (ec) {
        fs::remove(partial, ec);
        throw IoError("cannot write single-file index '" + out_file.string() +
                      "': " + ec.message());
    }
}

}  // namespace tilde
