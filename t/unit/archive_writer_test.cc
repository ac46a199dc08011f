// archive_writer_test.cc — libarchive writers over a Writer, read back with
// libarchive's reader.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tree/archive_writer.h"
#include "error.h"
#include "helpers.h"

using namespace rb;
using rbtest::read_archive;
using rbtest::ScratchDir;

namespace {

SourceFile source(const std::string& name, mode_t mode, uint64_t size = 0) {
    SourceFile f;
    f.name = name;
    f.mode = mode;
    f.uid = 1000;
    f.gid = 3000000;  // past ustar's octal field: a pax record
    f.size = size;
    return f;
}

}  // namespace

TEST_CASE("a tar: numeric owners, fixed mtime, no atime/ctime, links and xattrs") {
    ScratchDir d;
    rbtest::write_file(d / "content", "hello");
    std::string path = d / "out.tar";
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    {
        Writer w(fd, "out.tar");
        ArchiveWriter ar(ArchiveFormat::pax_restricted, w);
        struct archive_entry* e = ar.entry();
        fill_entry(e, source("./dir", S_IFDIR | 0755), 0, "");
        ar.write_header(e, "./dir");
        e = ar.entry();
        fill_entry(e, source("./dir/f", S_IFREG | 0644, 5), 42, "");
        add_xattrs(e, {{"security.capability", std::string("\1\0\0\2", 4)}});
        ar.write_header(e, "./dir/f");
        int in = open((d / "content").c_str(), O_RDONLY);
        ar.copy_data(in, 5, "./dir/f");
        close(in);
        e = ar.entry();
        fill_entry(e, source("./dir/g", S_IFREG | 0644, 5), 0, "");
        archive_entry_copy_hardlink(e, "./dir/f");
        archive_entry_set_size(e, 0);
        ar.write_header(e, "./dir/g");
        e = ar.entry();
        fill_entry(e, source("./l", S_IFLNK | 0777), 0, "dir/f");
        ar.write_header(e, "./l");
        ar.close();
        w.flush();
    }
    close(fd);
    std::string bytes = rbtest::slurp(path);
    CHECK(bytes.size() % 512 == 0);
    CHECK(bytes.compare(257, 6, std::string("ustar\0", 6)) == 0);
    CHECK(bytes.find("uname") == std::string::npos);
    CHECK(bytes.find("LIBARCHIVE.xattr") == std::string::npos);
    auto r = read_archive(bytes);
    REQUIRE(r.size() == 4);
    CHECK(r[0].name == "./dir/");
    CHECK(r[1].name == "./dir/f");
    CHECK(r[1].data == "hello");
    CHECK(r[1].mtime == 42);
    CHECK(r[1].uid == 1000);
    CHECK(r[1].gid == 3000000);
    CHECK_FALSE(r[1].has_atime);
    CHECK_FALSE(r[1].has_ctime);
    CHECK(r[1].xattrs == std::vector<std::string>{"security.capability=" + std::string("\1\0\0\2", 4)});
    CHECK(r[2].hardlink == "./dir/f");
    CHECK(r[2].data.empty());
    CHECK(r[3].symlink == "dir/f");
}

TEST_CASE("a newc cpio: our inode numbers and link counts, the trailer at the end") {
    ScratchDir d;
    rbtest::write_file(d / "content", "abc");
    std::string path = d / "out.cpio";
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    {
        Writer w(fd, "out.cpio");
        ArchiveWriter ar(ArchiveFormat::cpio_newc, w);
        struct archive_entry* e = ar.entry();
        fill_entry(e, source("a", S_IFREG | 0600, 3), 7, "");
        archive_entry_set_ino64(e, 5);
        archive_entry_set_nlink(e, 1);
        ar.write_header(e, "a");
        int in = open((d / "content").c_str(), O_RDONLY);
        ar.copy_data(in, 3, "a");
        close(in);
        ar.close();
        w.flush();
    }
    close(fd);
    std::string bytes = rbtest::slurp(path);
    CHECK(bytes.compare(0, 6, "070701") == 0);
    CHECK(bytes.find("TRAILER!!!") != std::string::npos);
    CHECK(bytes.size() % 4 == 0);
    auto r = read_archive(bytes);
    REQUIRE(r.size() == 1);
    CHECK(r[0].name == "a");
    CHECK(r[0].ino == 5);
    CHECK(r[0].mtime == 7);
    CHECK(r[0].data == "abc");
}

TEST_CASE("an abandoned archive gets no trailer; a short file is an error") {
    ScratchDir d;
    rbtest::write_file(d / "content", "ab");
    std::string path = d / "out.cpio";
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    {
        Writer w(fd, "out.cpio");
        ArchiveWriter ar(ArchiveFormat::cpio_newc, w);
        struct archive_entry* e = ar.entry();
        fill_entry(e, source("a", S_IFREG | 0600, 3), 0, "");
        ar.write_header(e, "a");
        int in = open((d / "content").c_str(), O_RDONLY);
        CHECK_THROWS_WITH(ar.copy_data(in, 3, "a"), "a: file shrank while being archived");
        close(in);
        w.flush();
    }
    close(fd);
    CHECK(rbtest::slurp(path).find("TRAILER!!!") == std::string::npos);
}

TEST_CASE("a file longer than its header said is an error, not cut short") {
    ScratchDir d;
    rbtest::write_file(d / "small", "abcde");
    rbtest::write_file(d / "big", std::string(300000, 'x'));
    for (const char* name : {"small", "big"}) {  // read, and sent by sendfile
        const uint64_t told = std::string(name) == "small" ? 3 : 200000;
        std::string path = d / "out.tar";
        int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        Writer w(fd, "out.tar");
        ArchiveWriter ar(ArchiveFormat::pax_restricted, w);
        struct archive_entry* e = ar.entry();
        fill_entry(e, source(name, S_IFREG | 0600, told), 0, "");
        ar.write_header(e, name);
        int in = open((d / name).c_str(), O_RDONLY);
        CHECK_THROWS_WITH(ar.copy_data(in, told, name), std::string(name) + ": changed while being archived");
        close(in);
        close(fd);
    }
}

TEST_CASE("a write error comes out as the Writer's error") {
    int fd = open("/dev/full", O_WRONLY);
    if (fd < 0) {
        WARN("no /dev/full");
        return;
    }
    Writer w(fd, "full", 512);
    ArchiveWriter ar(ArchiveFormat::pax_restricted, w);
    struct archive_entry* e = ar.entry();
    SourceFile dir = source("./d", S_IFDIR | 0755);
    dir.gid = 0;  // one 512-byte header, which the buffer holds
    fill_entry(e, dir, 0, "");
    ar.write_header(e, "./d");
    CHECK_THROWS_WITH(ar.close(), "full: No space left on device");
    close(fd);
}
