// ordered_pool_test.cc — parallel work, ordered results, errors in order.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "ordered_pool.h"

using namespace rb;

static std::vector<int> squares(unsigned threads, size_t window, int n, int fail_at = -1,
                                bool helps = false) {
    int next = 0;
    std::vector<int> out;
    ordered_for_each<std::pair<int, int>>(
        threads, window,
        [&](std::pair<int, int>& it) {
            if (next == n) return false;
            it.first = next++;
            return true;
        },
        [&](std::pair<int, int>& it) {
            // later items finish first, to shake out ordering bugs
            if (it.first % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
            if (it.first == fail_at) throw std::runtime_error("item " + std::to_string(fail_at));
            it.second = it.first * it.first;
        },
        [&](std::pair<int, int>& it) { out.push_back(it.second); }, helps);
    return out;
}

TEST_CASE("results come back in input order") {
    for (unsigned threads : {1u, 2u, 4u}) {
        for (size_t window : {size_t(1), size_t(3), size_t(64)}) {
            auto out = squares(threads, window, 500);
            REQUIRE(out.size() == 500);
            for (int i = 0; i < 500; i++) CHECK(out[size_t(i)] == i * i);
        }
    }
    CHECK(squares(4, 8, 0).empty());
}

TEST_CASE("an error surfaces after every earlier result") {
    std::vector<int> seen;
    CHECK_THROWS_WITH(squares(4, 16, 300, 123), "item 123");
}

TEST_CASE("a large window publishes and claims in batches, still in order") {
    // window 4096: items are published 64 at a time and claimed up to 16 at once
    for (unsigned threads : {2u, 3u}) {
        auto out = squares(threads, 4096, 20000);
        REQUIRE(out.size() == 20000);
        for (int i = 0; i < 20000; i++) REQUIRE(out[size_t(i)] == i * i);
        // fewer items than one batch, and a count that is not a multiple of it
        CHECK(squares(threads, 4096, 5).size() == 5);
        CHECK(squares(threads, 4096, 4161).size() == 4161);
    }
    CHECK_THROWS_WITH(squares(2, 4096, 20000, 9999), "item 9999");
}

TEST_CASE("an error from consume stops the workers and surfaces") {
    int next = 0, consumed = 0;
    CHECK_THROWS_WITH(ordered_for_each<int>(
                          2, 4096,
                          [&](int& it) {
                              if (next == 50000) return false;
                              it = next++;
                              return true;
                          },
                          [](int&) {},
                          [&](int& it) {
                              if (it == 777) throw std::runtime_error("consume 777");
                              consumed++;
                          }),
                      "consume 777");
    CHECK(consumed == 777);
    CHECK(next < 50000);  // production stopped within a window of the error
}

TEST_CASE("an error from produce surfaces after the work already started") {
    for (size_t window : {size_t(8), size_t(4096)}) {
        int next = 0;
        std::atomic<int> worked{0};
        CHECK_THROWS_WITH(ordered_for_each<int>(
                              2, window,
                              [&](int& it) {
                                  if (next == 3000) throw std::runtime_error("read error");
                                  it = next++;
                                  return true;
                              },
                              [&](int&) { worked++; }, [](int&) {}),
                          "read error");
        // whatever was claimed ran or was skipped; nothing runs after the return
        int after = worked.load();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CHECK(worked.load() == after);
        CHECK(after <= 3000);
    }
}

TEST_CASE("a calling thread that helps works while it waits, and order and errors hold") {
    for (size_t window : {size_t(1), size_t(64), size_t(4096)}) {
        auto out = squares(2, window, 3000, -1, true);
        REQUIRE(out.size() == 3000);
        for (int i = 0; i < 3000; i++) REQUIRE(out[size_t(i)] == i * i);
        CHECK_THROWS_WITH(squares(2, window, 3000, 1234, true), "item 1234");
    }
    // the workers are slow: the calling thread must have done some items
    const std::thread::id caller = std::this_thread::get_id();
    std::atomic<int> by_caller{0};
    int next = 0;
    std::vector<int> out;
    ordered_for_each<std::pair<int, int>>(
        2, 64,
        [&](std::pair<int, int>& it) {
            if (next == 200) return false;
            it.first = next++;
            return true;
        },
        [&](std::pair<int, int>& it) {
            if (std::this_thread::get_id() == caller) by_caller++;
            else std::this_thread::sleep_for(std::chrono::milliseconds(1));
            it.second = it.first * it.first;
        },
        [&](std::pair<int, int>& it) { out.push_back(it.second); }, true);
    REQUIRE(out.size() == 200);
    for (int i = 0; i < 200; i++) CHECK(out[size_t(i)] == i * i);
    CHECK(by_caller.load() > 0);
}
