// image_cache_test.cc — the digest cache's rules, with the clock in the
// test's hands: the margin after a change, every stat field, damaged entries.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "image/digest_cache.h"
#include "image/layer.h"
#include "image/tar.h"
#include "output.h"

using namespace rb;

namespace {

const std::string kDigest = "sha256:" + std::string(64, '7');

void make_tar(const std::string& path) {
    AtomicFile f(path);
    ImageTar tar(f.writer(), 0);
    tar.file("etc/greeting", "hi\n");
    tar.finish();
    f.commit();
}

// The layer at path, seen after ms milliseconds past its ctime (the later of its times here).
Layer seen_after(const std::string& path, long ms) {
    Layer l = open_layer(path);
    l.diff_id = kDigest;
    l.seen = l.st.st_ctim;
    l.seen.tv_sec += ms / 1000;
    l.seen.tv_nsec += (ms % 1000) * 1000000;
    if (l.seen.tv_nsec >= 1000000000) {
        l.seen.tv_sec++;
        l.seen.tv_nsec -= 1000000000;
    }
    return l;
}

// A layer tar looked at a second after its last change, and an empty cache.
struct Recorded {
    rbtest::ScratchDir d;
    DigestCache cache{d / "c"};
    Layer l;
    Recorded() {
        make_tar(d / "l.tar");
        l = seen_after(d / "l.tar", 1000);
    }
};

}  // namespace

TEST_CASE("digest cache: recorded only when the file's times are 100 ms older than the look") {
    rbtest::ScratchDir d;
    make_tar(d / "l.tar");
    DigestCache cache(d / "cache/redobox/layer-digests");
    Layer soon = seen_after(d / "l.tar", 50);
    cache.remember(soon);
    CHECK(cache.find(soon.st) == "");  // a write in this window could keep the times
    Layer later = seen_after(d / "l.tar", 150);
    cache.remember(later);
    CHECK(cache.find(later.st) == kDigest);
    // a file just written, as open_layer sees it: not recorded
    make_tar(d / "new.tar");
    Layer now = open_layer(d / "new.tar");
    now.diff_id = kDigest;
    cache.remember(now);
    CHECK(cache.find(now.st) == "");
}

TEST_CASE("digest cache: every stat field must match") {
    Recorded r;
    const DigestCache& cache = r.cache;
    const Layer& l = r.l;
    cache.remember(l);
    REQUIRE(cache.find(l.st) == kDigest);
    struct stat st = l.st;
    st.st_ctim.tv_nsec ^= 1;
    CHECK(cache.find(st) == "");
    st = l.st;
    st.st_mtim.tv_nsec ^= 1;
    CHECK(cache.find(st) == "");
    st = l.st;
    st.st_size++;
    CHECK(cache.find(st) == "");
    st = l.st;
    st.st_ino++;
    CHECK(cache.find(st) == "");
}

TEST_CASE("digest cache: nothing recorded when the file changed after it was looked at") {
    Recorded r;
    REQUIRE(chmod((r.d / "l.tar").c_str(), 0600) == 0);  // a new ctime
    r.cache.remember(r.l);
    CHECK(r.cache.find(r.l.st) == "");
    struct stat now;
    REQUIRE(stat((r.d / "l.tar").c_str(), &now) == 0);
    CHECK(r.cache.find(now) == "");
}

TEST_CASE("digest cache: a bad digest is not recorded; a damaged entry is a miss") {
    Recorded r;
    const rbtest::ScratchDir& d = r.d;
    const DigestCache& cache = r.cache;
    Layer& l = r.l;
    l.diff_id = "sha256:XYZ";
    cache.remember(l);
    CHECK(cache.find(l.st) == "");
    l.diff_id = kDigest;
    cache.remember(l);
    REQUIRE(cache.find(l.st) == kDigest);
    char name[80];
    snprintf(name, sizeof name, "c/%llx-%llx", (unsigned long long)l.st.st_dev,
             (unsigned long long)l.st.st_ino);
    const std::string entry = rbtest::slurp(d / name);
    std::string other = entry;
    other[other.find("sha256:7") + 7] = '8';  // the checksum no longer agrees
    rbtest::write_file(d / name, other);
    CHECK(cache.find(l.st) == "");
    rbtest::write_file(d / name, entry.substr(0, entry.size() - 1));
    CHECK(cache.find(l.st) == "");
    rbtest::write_file(d / name, entry + "x");
    CHECK(cache.find(l.st) == "");
    rbtest::write_file(d / name, entry);
    CHECK(cache.find(l.st) == kDigest);
}

TEST_CASE("digest cache: where it lives") {
    CHECK(digest_cache_dir("/x", "/home/u") == "/x/redobox/layer-digests");
    CHECK(digest_cache_dir(nullptr, "/home/u") == "/home/u/.cache/redobox/layer-digests");
    CHECK(digest_cache_dir("relative", "/home/u") == "/home/u/.cache/redobox/layer-digests");
    CHECK(digest_cache_dir("", "") == "");
    CHECK(digest_cache_dir(nullptr, nullptr) == "");
    DigestCache none("");
    struct stat st {};
    CHECK(none.find(st) == "");
}
