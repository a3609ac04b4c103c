// SPDX-License-Identifier: MIT
/// @file test_ordered_pool.cpp  Jobs on several threads come back in submission order, errors
/// with the job that raised them, and no more are in flight than allowed (issue #16).
#include <atomic>
#include <chrono>
#include <random>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "ordered_pool.hpp"
#include "task_thread.hpp"

namespace tilde {
namespace {

// Squares numbers slowly, at random speeds, so that later jobs often finish first.
struct SlowSquare {
    std::mt19937 random{std::random_device{}()};
    int operator()(int& n) {
        std::this_thread::sleep_for(std::chrono::microseconds(random() % 2000));
        if (n < 0) {
            throw std::runtime_error("negative " + std::to_string(n));
        }
        return n * n;
    }
};

using Pool = OrderedPool<int, int, SlowSquare>;

TEST(OrderedPool, ResultsComeBackInSubmissionOrder) {
    for (size_t threads : {0u, 1u, 3u}) {
        SCOPED_TRACE(threads);
        Pool pool(threads, 4, [] { return SlowSquare{}; });
        std::vector<int> out;
        for (int n = 0; n < 200; ++n) {
            pool.submit(n);
            while (pool.in_flight() > 2) {
                out.push_back(pool.next());
            }
        }
        while (pool.in_flight() > 0) {
            out.push_back(pool.next());
        }
        ASSERT_EQ(out.size(), 200u);
        for (int n = 0; n < 200; ++n) {
            EXPECT_EQ(out[static_cast<size_t>(n)], n * n);
        }
    }
}

TEST(OrderedPool, AnErrorComesBackWithItsJobAndTheRestGoOn) {
    Pool pool(2, 8, [] { return SlowSquare{}; });
    for (int n : {1, 2, -3, 4}) {
        pool.submit(n);
    }
    EXPECT_EQ(pool.next(), 1);
    EXPECT_EQ(pool.next(), 4);
    EXPECT_THROW(
        {
            try {
                pool.next();
            } catch (const std::runtime_error& error) {
                EXPECT_STREQ(error.what(), "negative -3");
                throw;
            }
        },
        std::runtime_error);
    EXPECT_EQ(pool.next(), 16);
}

TEST(OrderedPool, SubmitWaitsWhileTooManyAreInFlight) {
    Pool pool(2, 3, [] { return SlowSquare{}; });
    std::atomic<int> submitted = 0;
    std::thread producer([&] {
        for (int n = 0; n < 10; ++n) {
            pool.submit(n);
            ++submitted;
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(submitted.load(), 3);  // the bound holds until results are taken back
    for (int n = 0; n < 10; ++n) {
        EXPECT_EQ(pool.next(), n * n);
    }
    producer.join();
}

TEST(TaskThread, RunsInOrderAndReportsTheFirstError) {
    std::vector<int> ran;
    TaskThread thread(1);
    for (int n = 0; n < 50; ++n) {
        thread.post([&ran, n] { ran.push_back(n); });
    }
    thread.wait_idle();
    ASSERT_EQ(ran.size(), 50u);
    EXPECT_TRUE(std::is_sorted(ran.begin(), ran.end()));
    thread.post([] { throw std::runtime_error("disk full"); });
    EXPECT_THROW(thread.wait_idle(), std::runtime_error);
    // After an error nothing more is taken: later work would be missing that one's.
    EXPECT_THROW(thread.post([&ran] { ran.push_back(-1); }), std::runtime_error);
    EXPECT_EQ(ran.size(), 50u);
}

}  // namespace
}  // namespace tilde
