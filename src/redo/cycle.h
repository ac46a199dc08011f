// redo/cycle.h — the wait-for graph of a parallel build, to report a
// dependency cycle instead of hanging on it.
//
// Whenever a process builds target B for the .do of A, or waits for another
// process that holds B's lock, it records the edge A -> B in the run
// directory (need/STATE(A)/ENTRY holding B's key). A process about to wait
// for B follows the edges from B: reaching A means A waits for itself.
// Every process writes its edge before it looks, so of two processes that
// close a cycle at the same moment, the later one always sees it.
#pragma once
#include <string>
#include <vector>

namespace rb::redo {

class WaitGraph {
public:
    explicit WaitGraph(std::string dir);  // run/ID/need
    // Record from -> to; the returned handle removes it.
    std::string add(const std::string& from, const std::string& to);
    void remove(const std::string& from, const std::string& handle);
    // The keys of a path to -> ... -> from when there is one, else empty:
    // with the edge from -> to it closes a cycle.
    std::vector<std::string> path_back(const std::string& from, const std::string& to) const;

private:
    std::vector<std::string> needs_of(const std::string& key) const;
    std::string dir_;
};

}  // namespace rb::redo
