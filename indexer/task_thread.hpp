// SPDX-License-Identifier: MIT
/// @file task_thread.hpp  Tasks run in order on one thread of their own (a database is
/// written by one thread), with a bound on how many wait (each holds a part of a document's
/// analysis, about 20 times the part's text: memory stays bounded when reading outpaces
/// writing).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace tilde {

class TaskThread {
  public:
    explicit TaskThread(std::size_t max_waiting = 1)
        : max_waiting_(max_waiting), thread_([this] { run(); }) {}
    ~TaskThread() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        work_.notify_all();
        thread_.join();  // after the queued work: nothing posted is dropped
    }
    TaskThread(const TaskThread&) = delete;
    TaskThread& operator=(const TaskThread&) = delete;

    /// Queues `task`; waits while `max_waiting` tasks are waiting. Throws an earlier task's
    /// error: later work would be missing that one's.
    void post(std::function<void()> task) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return tasks_.size() < max_waiting_ || error_; });
        throw_error();
        tasks_.push_back(std::move(task));
        work_.notify_one();
    }

    /// Waits until every queued task has run; throws the first error one of them met.
    void wait_idle() {
        std::unique_lock lock(mutex_);
        idle_.wait(lock, [&] { return tasks_.empty() && !busy_; });
        throw_error();
    }

  private:
    void throw_error() {
        if (error_) {
            std::rethrow_exception(error_);
        }
    }

    void run() {
        std::unique_lock lock(mutex_);
        for (;;) {
            work_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty()) {
                return;
            }
            std::function<void()> task = std::move(tasks_.front());
            tasks_.pop_front();
            busy_ = true;
            const bool failed = error_ != nullptr;
            lock.unlock();
            std::exception_ptr error;
            if (!failed) {
                try {
                    task();
                } catch (...) {
                    error = std::current_exception();
                }
            }
            task = nullptr;  // frees what the task held before the next one starts
            lock.lock();
            if (error && !error_) {
                error_ = error;
            }
            busy_ = false;
            space_.notify_all();
            idle_.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable work_;
    std::condition_variable space_;
    std::condition_variable idle_;
    const std::size_t max_waiting_;
    std::deque<std::function<void()>> tasks_;
    bool busy_ = false;
    bool stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace tilde
