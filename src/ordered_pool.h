// ordered_pool.h — run a function over a stream of items on several threads
// and hand the results back in input order, with a bounded number in flight
// so memory does not grow with the length of the stream.
#pragma once
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
    struct Slot {
        Item item;
        std::exception_ptr error;
        bool done = false;
    };
    std::vector<Slot> ring(window);
    std::mutex mu;
    std::condition_variable work_ready, work_done;
    size_t head = 0, tail = 0, next = 0;  // consumed < head <= next <= tail
    bool closing = false;

    auto worker = [&] {
        std::unique_lock<std::mutex> lock(mu);
        for (;;) {
            work_ready.wait(lock, [&] { return closing || next < tail; });
            if (next == tail) return;
            Slot& s = ring[next++ % window];
            lock.unlock();
            try {
                work(s.item);
            } catch (...) {
                s.error = std::current_exception();
            }
            lock.lock();
            s.done = true;
            work_done.notify_one();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; i++) pool.emplace_back(worker);
    auto stop = [&] {
        {
            std::lock_guard<std::mutex> lock(mu);
            closing = true;
            next = tail;  // abandon queued work
        }
        work_ready.notify_all();
        for (auto& t : pool) t.join();
    };

    try {
        bool more = true;
        for (;;) {
            // keep the window full, then consume whatever is finished in order
            while (more && tail - head < window) {
                Slot& s = ring[tail % window];
                s.done = false;
                s.error = nullptr;
                if (!(more = produce(s.item))) break;
                std::lock_guard<std::mutex> lock(mu);
                tail++;
                work_ready.notify_one();
            }
            if (head == tail) break;
            Slot& s = ring[head % window];
            {
                std::unique_lock<std::mutex> lock(mu);
                work_done.wait(lock, [&] { return s.done; });
            }
            if (s.error) std::rethrow_exception(s.error);
            consume(s.item);
            head++;
        }
    } catch (...) {
        // wait for items being worked on: they refer to the ring
        {
            std::unique_lock<std::mutex> lock(mu);
            size_t started = next;
            next = tail;
            closing = true;
            work_ready.notify_all();
            for (size_t i = head; i < started; i++) {
                Slot& s = ring[i % window];
                work_done.wait(lock, [&] { return s.done; });
            }
        }
        for (auto& t : pool) t.join();
        throw;
    }
    stop();
}

}  // namespace rb
