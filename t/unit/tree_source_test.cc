// tree_source_test.cc — names read, looked up and opened under a root.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "error.h"
#include "helpers.h"
#include "sha256.h"
#include "tree/file_id.h"
#include "tree/name_reader.h"
#include "tree/tree_source.h"
#include "unique_fd.h"

using namespace rb;
using rbtest::ScratchDir;

static std::vector<std::string> names_of(const std::string& data, bool nul) {
    ScratchDir d;
    rbtest::write_file(d / "in", data);
    int fd = open((d / "in").c_str(), O_RDONLY);
    NameReader r(fd, nul, "in");
    std::vector<std::string> out;
    std::string name;
    try {
        while (r.next(name)) out.push_back(name);
    } catch (const Error& e) {
        out.push_back(std::string("error: ") + e.what());
    }
    close(fd);
    return out;
}

TEST_CASE("names: plain, .list lines, NUL-terminated, canonical") {
    // the first record says whether the rest are names or .list lines
    CHECK(names_of("./a\n./b c 0100644-0-0-0\nd//e/\n", false) ==
          std::vector<std::string>{"./a", "./b c 0100644-0-0-0", "d/e"});
    CHECK(names_of("./a 0040755-0-0-0\n./b c 0100644-0-0-0\n", false) ==
          std::vector<std::string>{"./a", "./b c"});
    CHECK(names_of("./a 0040755-0-0-0\n./b c\n", false) ==
          std::vector<std::string>{"./a", "error: in:2: not a .list line, as the first one was"});
    CHECK(names_of(std::string("new\nline 0100644-0-0-0\0./x 0040755-0-0-0\0", 41), true) ==
          std::vector<std::string>{"new\nline", "./x"});
    CHECK(names_of(std::string("new\nline\0./x 0040755-0-0-0\0", 27), true) ==
          std::vector<std::string>{"new\nline", "./x 0040755-0-0-0"});
    CHECK(names_of("./a\n\n./b\n", false) ==
          std::vector<std::string>{"./a", "error: in:2: empty name"});
    CHECK(names_of("./a/../../etc\n", false) ==
          std::vector<std::string>{"error: ./a/../../etc: '..' component refused"});
}

namespace {  // test-local: other files have their own Tree
struct Tree {
    ScratchDir d;
    int root;
    Tree() {
        REQUIRE(system(("mkdir -p " + d / "t/dir && printf hello >" + d / "t/dir/f && ln -s f " +
                        d / "t/dir/l && mkfifo " + d / "t/p")
                           .c_str()) == 0);
        root = open((d / "t").c_str(), O_RDONLY | O_DIRECTORY);
    }
    ~Tree() { close(root); }
};

// A Tree, read through a TreeSource with the real owners, and a file to stat into.
struct Source : Tree {
    OwnerSource owners;
    TreeSource tree{root, owners};
    SourceFile f;
};
}  // namespace

TEST_CASE("stat reports type, size and owner from lstat; content and link target") {
    Source t;
    TreeSource& tree = t.tree;
    SourceFile& f = t.f;
    tree.stat("./dir/f", f);
    CHECK(S_ISREG(f.mode));
    CHECK(f.size == 5);
    CHECK(f.uid == getuid());
    int fd = tree.open_content(f);
    char buf[8];
    CHECK(read(fd, buf, sizeof buf) == 5);
    close(fd);
    tree.stat("./dir/l", f);
    CHECK(S_ISLNK(f.mode));
    CHECK(tree.read_link(f) == "f");
    tree.stat("p", f);
    CHECK(S_ISFIFO(f.mode));
    tree.stat(".", f);
    CHECK(S_ISDIR(f.mode));
    CHECK_THROWS_WITH(tree.stat("./dir/none", f), "./dir/none: No such file or directory");
    CHECK_THROWS_WITH(tree.stat("./dir/l/x", f), "./dir/l/x: refused: goes through the symlink ./dir/l");
}

TEST_CASE("open_content refuses a file that changed since stat") {
    Source t;
    TreeSource& tree = t.tree;
    SourceFile& f = t.f;
    tree.stat("dir/f", f);
    rbtest::write_file(t.d / "t/dir/f", "longer now");
    CHECK_THROWS_WITH(tree.open_content(f), "dir/f: changed while being archived");
    tree.stat("dir/f", f);
    rbtest::write_file(t.d / "t/dir/f2", "0123456789");  // same size, new inode
    REQUIRE(rename((t.d / "t/dir/f2").c_str(), (t.d / "t/dir/f").c_str()) == 0);
    CHECK_THROWS_WITH(tree.open_content(f), "dir/f: changed while being archived");
    // without the recheck, what is there now: a digest's way
    int fd = tree.open_content(f, false);
    char buf[16];
    CHECK(read(fd, buf, sizeof buf) == 10);
    close(fd);
}

TEST_CASE("read_content reads what stat saw, or refuses a file that shrank or grew") {
    Source t;
    TreeSource& tree = t.tree;
    SourceFile& f = t.f;
    tree.stat("dir/f", f);
    std::string data;
    {
        UniqueFd fd(tree.open_content(f));
        read_content(fd.get(), f, data);
    }
    CHECK(data == "hello");
    // grew after the lookup and the open: the size bytes are read, then refused
    int fd = tree.open_content(f);
    rbtest::write_file(t.d / "t/dir/f", "hello and more");  // in place: the same inode
    CHECK_THROWS_WITH(read_content(fd, f, data), "dir/f: changed while being archived");
    close(fd);
    // shrank: the end comes early
    tree.stat("dir/f", f);
    fd = tree.open_content(f);
    REQUIRE(truncate((t.d / "t/dir/f").c_str(), 4) == 0);
    CHECK_THROWS_WITH(read_content(fd, f, data), "dir/f: file shrank while being archived");
    close(fd);
}

namespace {
// A fakeroot state line for the file at path: its device and inode with
// the given mode, owner and rdev.
std::string state_line(const std::string& path, const std::string& rest) {
    struct stat st;
    REQUIRE(lstat(path.c_str(), &st) == 0);
    char dev[32];
    snprintf(dev, sizeof dev, "%llx", (unsigned long long)st.st_dev);
    return std::string("dev=") + dev + ",ino=" + std::to_string(st.st_ino) + "," + rest + "\n";
}
}  // namespace

TEST_CASE("file_id: a .list id says what stat says, with the content's or target's digest") {
    Tree t;
    const std::string state = state_line(t.d / "t/dir/f", "mode=100600,uid=5,gid=6,nlink=1,rdev=0") +
                              state_line(t.d / "t/p", "mode=20620,uid=0,gid=5,nlink=1,rdev=" +
                                                          std::to_string(makedev(4, 65)));
    OwnerSource owners(FakerootDb::parse(state, "state"));
    TreeSource tree(t.root, owners);
    FileId id = file_id(tree, "./dir//f");
    CHECK(format_id(id) == "0100600-5-6-" + sha256_hex("hello"));
    SourceFile f;
    tree.stat("./dir/f", f);
    CHECK((id.mode == f.mode && id.uid == f.uid && id.gid == f.gid));
    CHECK(format_id(file_id(tree, "dir/l")) == "0120777-0-0-" + sha256_hex("f"));
    CHECK(format_id(file_id(tree, "p")) == "0020620-0-5-0");  // a fifo on disk, never opened
    FileId root = file_id(tree, ".");
    CHECK((S_ISDIR(root.mode) && root.uid == 0 && root.digest == "0"));
    CHECK_THROWS_WITH(file_id(tree, "dir/none"), "dir/none: No such file or directory");
    CHECK_THROWS_WITH(file_id(tree, "../x"), "../x: '..' component refused");
}

TEST_CASE("a file the owner source calls regular but is not is refused, for ids and archives") {
    Tree t;
    OwnerSource owners(FakerootDb::parse(
        state_line(t.d / "t/p", "mode=100644,uid=0,gid=0,nlink=1,rdev=0"), "state"));
    TreeSource tree(t.root, owners);
    SourceFile f;
    const char* why = "p: the owner source says regular file, but it is not one";
    CHECK_THROWS_WITH(tree.stat("p", f), why);
    CHECK_THROWS_WITH(file_id(tree, "p"), why);
}

TEST_CASE("a fakeroot device is a device even though the disk holds a file") {
    Tree t;
    struct stat st;
    REQUIRE(lstat((t.d / "t/dir/f").c_str(), &st) == 0);
    std::string state = "dev=" + [&] {
        char b[32];
        snprintf(b, sizeof b, "%llx", (unsigned long long)st.st_dev);
        return std::string(b);
    }() + ",ino=" + std::to_string(st.st_ino) + ",mode=20620,uid=0,gid=5,nlink=1,rdev=" +
                        std::to_string(makedev(4, 65)) + "\n";
    OwnerSource owners(FakerootDb::parse(state, "state"));
    TreeSource tree(t.root, owners);
    SourceFile f;
    tree.stat("./dir/f", f);
    CHECK(S_ISCHR(f.mode));
    CHECK(S_ISREG(f.real_mode));
    CHECK(f.rdev == makedev(4, 65));
    CHECK(f.gid == 5);
    CHECK(f.size == 0);
    CHECK_FALSE(f.has_content());
    tree.stat("./dir", f);  // no record: root's
    CHECK(f.uid == 0);
    CHECK(f.gid == 0);
}
