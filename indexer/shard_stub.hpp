// SPDX-License-Identifier: MIT
/// @file shard_stub.hpp  A sharded index: a Xapian stub file listing its shards, local
/// folders or remote `xapian-tcpsrv` servers (docs/scaling.md).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tilde {

/// The stub of a folder written by `tilde-index --shards N`. Xapian's own name for a stub
/// inside a folder, so Xapian's tools (xapian-delve, xapian-tcpsrv) open the folder too.
inline constexpr std::string_view kShardStubName = "XAPIANDB";

/// One shard a stub lists.
struct ShardLocation {
    std::filesystem::path path;  ///< A local shard's folder; empty for a remote one.
    std::string host;            ///< A remote shard's server (`remote :HOST:PORT`).
    unsigned port = 0;
    std::string entry;  ///< As the stub writes it: "auto shard-1", "remote :10.0.0.7:8100".
    bool remote() const { return !host.empty(); }
};

/// The shards of a stub, in order.
struct ShardStub {
    std::filesystem::path file;  ///< The stub file itself.
    std::vector<ShardLocation> shards;
};

/// The stub at `index_path` (a stub file, or a folder holding kShardStubName), or nothing when
/// `index_path` is not one (an index folder naming its generation, or a single-file index).
/// @throws IndexCorrupt for a stub line tilde cannot use, naming the file and line
[[nodiscard]] std::optional<ShardStub> read_shard_stub(const std::filesystem::path& index_path);

/// Follows the stubs `file` lists, and those they list, a few levels deep.
/// @throws IndexCorrupt naming the stub when they lead back to one already seen (Xapian would
///         recurse until the stack runs out) or nest too deep
void check_stub_chain(const std::filesystem::path& file,
                      std::vector<std::filesystem::path> seen = {});

/// Creates `folder/kShardStubName` listing `count` local shards shard-1 ... shard-N (written
/// whole or not at all).
/// @throws IoError
ShardStub write_shard_stub(const std::filesystem::path& folder, std::size_t count);

/// Which of `count` shards holds document `doc_id` (0-based): a stable hash of the id, so a
/// document is always replaced in the shard that holds it.
[[nodiscard]] std::size_t shard_of(std::string_view doc_id, std::size_t count);

}  // namespace tilde
