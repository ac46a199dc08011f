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

namespace detail {

// The threaded case of ordered_for_each: a ring of window slots, items
// published to the workers in batches and consumed in order.
template <class Item>
class OrderedPool {
public:
    using Fn = std::function<void(Item&)>;
    OrderedPool(unsigned threads, size_t window, const Fn& work, bool consumer_helps)
        : threads_(threads),
          helps_(consumer_helps),
          window_(window),
          work_(work),
          ring_(window),
          publish_batch_(std::max<size_t>(1, window / 64)),
          claim_max_(std::max<size_t>(1, window / 256)) {}

    void run(const std::function<bool(Item&)>& produce, const Fn& consume) {
        try {
            for (unsigned i = 0; i < threads_; i++) pool_.emplace_back([this] { worker(); });
            for (bool more = true;;) {
                more = fill_window(produce, more);
                if (head_ == produced_) break;
                consume_ready(consume);
            }
        } catch (...) {
            finish(true);
            throw;
        }
        finish(false);
    }

private:
    struct Slot {
        Item item;
        std::exception_ptr error;
        std::atomic<bool> done{false};
    };

    void worker() {
        std::unique_lock<std::mutex> lock(mu_);
        for (;;) {
            while (!closing_ && next_ == tail_) {
                idle_++;
                work_ready_.wait(lock);
                idle_--;
            }
            if (next_ == tail_) return;
            size_t begin, n;
            claim(begin, n);
            lock.unlock();
            for (size_t i = begin; i < begin + n; i++) work_on(ring_[i % window_]);
            lock.lock();
        }
    }

    // Under mu_, with work queued: a share of it, so the last items still
    // spread out over the threads.
    void claim(size_t& begin, size_t& n) {
        n = std::min(claim_max_, std::max<size_t>(1, (tail_ - next_) / (2 * threads_)));
        begin = next_;
        next_ += n;
    }

    // On the calling thread, instead of sleeping until the next item in
    // order is done: work on queued items, if any; false when none is left.
    bool help() {
        size_t begin, n;
        {
            std::lock_guard<std::mutex> lock(mu_);
            if (next_ == tail_) return false;
            claim(begin, n);
        }
        for (size_t i = begin; i < begin + n; i++) work_on(ring_[i % window_]);
        return true;
    }

    // On a worker: the work of one claimed item, its error kept for consume.
    void work_on(Slot& s) {
        if (!abandon_.load(std::memory_order_relaxed)) {
            try {
                work_(s.item);
            } catch (...) {
                s.error = std::current_exception();
            }
        }
        s.done.store(true);
        if (consumer_waiting_.load()) {
            std::lock_guard<std::mutex> g(mu_);
            work_done_.notify_one();
        }
    }

    // Keep the window full, publishing in batches; returns whether produce
    // has more.
    bool fill_window(const std::function<bool(Item&)>& produce, bool more) {
        while (more && produced_ - head_ < window_) {
            Slot& s = ring_[produced_ % window_];
            s.done.store(false);
            s.error = nullptr;
            if (!(more = produce(s.item))) break;
            produced_++;
            if (produced_ - tail_ >= publish_batch_) publish();
        }
        publish();
        return more;
    }

    // Consume whatever is finished, in order, waiting for the first.
    void consume_ready(const Fn& consume) {
        do {
            Slot& s = ring_[head_ % window_];
            wait_done(s);
            if (s.error) std::rethrow_exception(s.error);
            consume(s.item);
            head_++;
        } while (head_ < produced_ && ring_[head_ % window_].done.load());
    }

    void wait_done(Slot& s) {
        while (helps_ && !s.done.load() && help()) {
        }
        if (s.done.load()) return;
        std::unique_lock<std::mutex> lock(mu_);
        consumer_waiting_.store(true);
        work_done_.wait(lock, [&] { return s.done.load(); });
        consumer_waiting_.store(false);
    }

    void publish() {
        std::lock_guard<std::mutex> lock(mu_);
        if (produced_ == tail_) return;
        tail_ = produced_;
        if (idle_ > 0) work_ready_.notify_all();
    }

    void finish(bool abandoning) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            if (abandoning) abandon_ = true;
            next_ = std::max(next_, tail_);  // nothing more is claimed
            closing_ = true;
        }
        work_ready_.notify_all();
        for (auto& t : pool_) t.join();  // claimed items run (or are skipped) to the end
    }

    const unsigned threads_;
    const bool helps_;  // the calling thread works too while it waits
    const size_t window_;
    const Fn& work_;
    std::vector<Slot> ring_;
    const size_t publish_batch_, claim_max_;
    std::mutex mu_;
    std::condition_variable work_ready_, work_done_;
    // head_: next to consume (calling thread only); next_: next to claim and
    // tail_: end of the published items (both under mu_). head_ <= next_ <= tail_.
    size_t head_ = 0, next_ = 0, tail_ = 0;
    size_t produced_ = 0;  // items filled, published or not (calling thread only)
    unsigned idle_ = 0;    // workers waiting for work (under mu_)
    bool closing_ = false; // under mu_
    std::atomic<bool> abandon_{false};  // skip the work of claimed items
    std::atomic<bool> consumer_waiting_{false};
    std::vector<std::thread> pool_;
};

}  // namespace detail

// produce(item) fills the next item and returns false at the end of input;
// work(item) runs on a worker thread; consume(item) runs on the calling thread
// in input order. An exception from work() is rethrown when its item's turn
// to be consumed comes, after every earlier item was consumed.
//
// Small items (fileids' 20,000 small files) would spend more time handing
// items over than working on them, so with a large window the calling thread
// publishes new items in batches and a worker claims several at once, and
// nobody is woken who is not waiting.
//
// consumer_helps: the calling thread works on queued items while the next
// one in order is not done, rather than sleeping (for small items, where
// the hand-over costs more than the work: a thread that sleeps and wakes
// for each few items costs two context switches). Large items (gz's
// pieces) leave it off, so the output goes on as soon as a piece is ready.
template <class Item>
void ordered_for_each(unsigned threads, size_t window, const std::function<bool(Item&)>& produce,
                      const std::function<void(Item&)>& work,
                      const std::function<void(Item&)>& consume, bool consumer_helps = false) {
    if (threads <= 1) {
        Item item;
        while (produce(item)) {
            work(item);
            consume(item);
        }
        return;
    }
    detail::OrderedPool<Item>(threads, std::max<size_t>(window, 1), work, consumer_helps)
        .run(produce, consume);
}

}  // namespace rb
