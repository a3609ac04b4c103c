// SPDX-License-Identifier: MIT
/// @file shard_run.hpp  What ShardWriter's files share about a bulk run (shard_run.cpp): its
/// folder's names, its ledger's keys, and a segment with its writing thread. Not public.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "segment.hpp"
#include "shard_writer.hpp"
#include "task_thread.hpp"

namespace tilde {

// The run's own metadata in its ledger: what the merge must delete from the generation.
constexpr std::string_view kRunBegun = "run:begun:";      // + source id -> path
constexpr std::string_view kRunEnded = "run:ended:";      // + source id
constexpr std::string_view kRunRemoved = "run:removed:";  // + source id
constexpr std::string_view kRunReplace = "run:replace:";  // + document key (no source)
constexpr std::string_view kRunTwice = "run:twice:";      // + document key -> source term
constexpr std::string_view kRunPrefix = "run:";
// In a generation: the run whose segments it holds, so a run killed after publishing it is
// not merged twice.
constexpr std::string_view kMetaMergedRun = "tilde:merged-run";
constexpr std::string_view kRunIdFile = "RUN";
constexpr std::string_view kLedger = "ledger";
constexpr std::string_view kSegmentPrefix = "seg-";
// Parts waiting for each writing thread: enough that a slow part does not stall the others
// (2 left the writers idle 10% of the time on the bench corpus). tilde-index's memory plan
// counts them.
constexpr size_t kWaitingParts = 4;

// The metadata keys of `db` starting with `prefix`, without it.
inline std::vector<std::string> keys_after(const Xapian::Database& db, std::string_view prefix) {
    std::vector<std::string> out;
    const std::string start(prefix);
    for (auto it = db.metadata_keys_begin(start); it != db.metadata_keys_end(start); ++it) {
        out.push_back((*it).substr(prefix.size()));
    }
    return out;
}

struct ShardWriter::Sink {
    std::unique_ptr<Segment> segment;
    std::unique_ptr<TaskThread> thread;       // null: written on the caller's thread
    std::atomic<std::uint64_t> queued_bytes;  // text posted and not yet written

    template <class Task>
    void run(Task&& task) {
        if (thread) {
            thread->post(std::forward<Task>(task));
        } else {
            task();
        }
    }
    void wait() {
        if (thread) {
            thread->wait_idle();
        }
    }
};

}  // namespace tilde
