// ordered_pool.h — run a function over a stream of items on several threads
// and hand the results back in input order, with a bounded number in flight
// so memory does not grow with the length of the stream.
#pragma once
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rb {

// produce(item) fills the next item and returns false at the end of input;
// work(item) runs on a worker thread; consume(item) runs on the calling thread
// in input order. An exception from work() is rethrown when its item's turn
// to be consumed comes, after every earlier item was consumed.
//
// Small items (fileids' 20,000 small files) would spend more time handing
// items over than working on them, so with a large window the calling thread
// publishes new items in batches and a worker claims several at once, and
// nobody is woken who is not waiting.
template <class Item>
void ordered_for_each(unsigned threads, size_t window, const std::function<bool(Item&)>& produce,
                      const std::function<void(Item&)>& work,
                      const std::function<void(Item&)>& consume) {
    if (threads <= 1) {
        Item item;
        while (produce(item)) {
            work(item);
            consume(item);
        }
        return;
    }
    if (window == 0) window = 1;
    struct Slot {
        Item item;
        std::exception_ptr error;
        std::atomic<bool> done{false};
    };
    std::vector<Slot> ring(window);
    const size_t publish_batch = std::max<size_t>(1, window / 64);
    const size_t claim_max = std::max<size_t>(1, window / 256);

    std::mutex mu;
    std::condition_variable work_ready, work_done;
    // head: next to consume (calling thread only); next: next to claim and
    // tail: end of the published items (both under mu). head <= next <= tail.
    size_t head = 0, next = 0, tail = 0;
    unsigned idle = 0;                      // workers waiting for work (under mu)
    bool closing = false;                   // under mu
    std::atomic<bool> abandon{false};       // skip the work of claimed items
    std::atomic<bool> consumer_waiting{false};

    auto worker = [&] {
        std::unique_lock<std::mutex> lock(mu);
        for (;;) {
            while (!closing && next == tail) {
                idle++;
                work_ready.wait(lock);
                idle--;
            }
            if (next == tail) return;
            // a share of what is queued, so the last items still spread out
            size_t n = std::min(claim_max, std::max<size_t>(1, (tail - next) / (2 * threads)));
            size_t begin = next;
            next += n;
            lock.unlock();
            for (size_t i = begin; i < begin + n; i++) {
                Slot& s = ring[i % window];
                if (!abandon.load(std::memory_order_relaxed)) {
                    try {
                        work(s.item);
                    } catch (...) {
                        s.error = std::current_exception();
                    }
                }
                s.done.store(true);
                if (consumer_waiting.load()) {
                    std::lock_guard<std::mutex> g(mu);
                    work_done.notify_one();
                }
            }
            lock.lock();
        }
    };
    auto wait_done = [&](Slot& s) {
        if (s.done.load()) return;
        std::unique_lock<std::mutex> lock(mu);
        consumer_waiting.store(true);
        work_done.wait(lock, [&] { return s.done.load(); });
        consumer_waiting.store(false);
    };
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; i++) pool.emplace_back(worker);
    size_t produced = 0;  // items filled, published or not (calling thread only)
    auto publish = [&] {
        std::lock_guard<std::mutex> lock(mu);
        if (produced == tail) return;
        tail = produced;
        if (idle > 0) work_ready.notify_all();
    };
    auto finish = [&](bool abandoning) {
        {
            std::lock_guard<std::mutex> lock(mu);
            if (abandoning) abandon = true;
            next = std::max(next, tail);  // nothing more is claimed
            closing = true;
        }
        work_ready.notify_all();
        for (auto& t : pool) t.join();  // claimed items run (or are skipped) to the end
    };

    try {
        bool more = true;
        for (;;) {
            // keep the window full, publishing in batches
            while (more && produced - head < window) {
                Slot& s = ring[produced % window];
                s.done.store(false);
                s.error = nullptr;
                if (!(more = produce(s.item))) break;
                produced++;
                if (produced - tail >= publish_batch) publish();
            }
            publish();
            if (head == produced) break;
            // then consume whatever is finished, in order
            do {
                Slot& s = ring[head % window];
                wait_done(s);
                if (s.error) std::rethrow_exception(s.error);
                consume(s.item);
                head++;
            } while (head < produced && ring[head % window].done.load());
        }
    } catch (...) {
        finish(true);
        throw;
    }
    finish(false);
}

}  // namespace rb
