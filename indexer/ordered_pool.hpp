// SPDX-License-Identifier: MIT
/// @file ordered_pool.hpp  Jobs run on a few threads, results taken back in submission order,
/// with a bound on how many are in flight (so memory stays bounded when producing outpaces
/// consuming).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace tilde {

/// Runs `Worker`s (one per thread, made by a factory, so each thread has its own state) on
/// submitted jobs. With 0 threads a job runs at submit(), on the caller's thread.
template <class Job, class Result, class Worker>
class OrderedPool {
  public:
    OrderedPool(std::size_t threads, std::size_t max_in_flight,
                const std::function<Worker()>& make_worker)
        : max_in_flight_(std::max<std::size_t>(1, max_in_flight)) {
        if (threads == 0) {
            inline_worker_.emplace(make_worker());
            return;
        }
        for (std::size_t i = 0; i < threads; ++i) {
            threads_.emplace_back([this, worker = make_worker()]() mutable { run(worker); });
        }
    }

    ~OrderedPool() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        for (std::thread& thread : threads_) {
            thread.join();
        }
    }

    OrderedPool(const OrderedPool&) = delete;
    OrderedPool& operator=(const OrderedPool&) = delete;

    /// Queues `job`; waits while `max_in_flight` jobs have not been taken back by next().
    void submit(Job job) {
        if (inline_worker_) {
            finish(submitted_++, [&] { return (*inline_worker_)(job); });
            return;
        }
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return submitted_ - taken_ < max_in_flight_; });
        jobs_.emplace_back(submitted_++, std::move(job));
        changed_.notify_all();
    }

    /// Jobs submitted and not yet taken back.
    [[nodiscard]] std::size_t in_flight() const {
        std::lock_guard lock(mutex_);
        return submitted_ - taken_;
    }

    /// The oldest job's result; waits for it. @throws what the job threw.
    Result next() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return done_.count(taken_) > 0; });
        auto it = done_.find(taken_);
        Outcome outcome = std::move(it->second);
        done_.erase(it);
        ++taken_;
        lock.unlock();
        changed_.notify_all();
        if (outcome.error) {
            std::rethrow_exception(outcome.error);
        }
        return std::move(*outcome.result);
    }

  private:
    struct Outcome {
        std::optional<Result> result;
        std::exception_ptr error;
    };

    template <class Run>
    void finish(std::size_t sequence, Run&& run) {
        Outcome outcome;
        try {
            outcome.result.emplace(run());
        } catch (...) {
            outcome.error = std::current_exception();
        }
        std::lock_guard lock(mutex_);
        done_.emplace(sequence, std::move(outcome));
    }

    void run(Worker& worker) {
        for (;;) {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) {
                return;  // stopping, nothing left
            }
            std::pair<std::size_t, Job> next_job = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            finish(next_job.first, [&] { return worker(next_job.second); });
            changed_.notify_all();
        }
    }

    const std::size_t max_in_flight_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::pair<std::size_t, Job>> jobs_;
    std::map<std::size_t, Outcome> done_;
    std::size_t submitted_ = 0;
    std::size_t taken_ = 0;
    bool stopping_ = false;
    std::optional<Worker> inline_worker_;
    std::vector<std::thread> threads_;  // last: start once everything above is ready
};

}  // namespace tilde
