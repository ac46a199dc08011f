// redo/dofile.cc — .do lookup, $1 $2, and the interpreter of a .do.
#include "redo/dofile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "redo/paths.h"

namespace rb::redo {

std::vector<DoCandidate> do_candidates(const std::string& target) {
    std::string dir = dir_name(target), base = base_name(target);
    // every dot starts an extension, as in apenwarr's redo: "a.b.c" has
    // ".b.c" and ".c"; a leading dot counts too (".x" has ".x").
    std::vector<std::string> exts;
    for (size_t i = 0; i < base.size(); i++)
        if (base[i] == '.') exts.push_back(base.substr(i));
    exts.push_back("");

    std::vector<DoCandidate> out;
    out.push_back({dir, base + ".do", ""});
    for (std::string d = dir;; d = dir_name(d)) {
        for (const std::string& ext : exts) out.push_back({d, "default" + ext + ".do", ext});
        if (d == "/") break;
    }
    return out;
}

std::optional<DoFile> find_dofile(const std::string& target) {
    DoFile found;
    std::string target_base = base_name(target);
    for (DoCandidate& c : do_candidates(target)) {
        std::string path = c.path();
        struct stat st;
        // a .do never builds itself (default.do is not the rule for "default.do")
        if (path != target && stat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
            found.where = std::move(c);
            found.arg1 = relative_path(target, found.where.dir);
            found.arg2 = found.arg1;
            const std::string& ext = found.where.ext;
            if (!ext.empty() && found.arg2.size() > ext.size())
                found.arg2.resize(found.arg2.size() - ext.size());
            return found;
        }
        found.missing.push_back(std::move(path));
    }
    return std::nullopt;
}

std::vector<std::string> shebang_words(std::string_view head) {
    std::vector<std::string> words;
    if (head.substr(0, 2) != "#!") return words;
    head.remove_prefix(2);
    size_t nl = head.find('\n');
    if (nl != std::string_view::npos) head = head.substr(0, nl);
    if (!head.empty() && head.back() == '\r') head.remove_suffix(1);
    size_t i = 0;
    while (i < head.size()) {
        while (i < head.size() && (head[i] == ' ' || head[i] == '\t')) i++;
        size_t start = i;
        while (i < head.size() && head[i] != ' ' && head[i] != '\t') i++;
        if (i > start) words.emplace_back(head.substr(start, i - start));
    }
    return words;
}

static bool is_shell(const std::string& prog) {
    std::string b = base_name(prog);
    return b == "sh" || b == "dash" || b == "bash" || b == "ash" || b == "ksh" || b == "mksh" ||
           b == "zsh" || b == "posh";
}

std::vector<std::string> do_argv(const DoFile& d, const std::string& arg3, bool trace,
                                 bool verbose) {
    std::string path = d.where.path();
    char head[512];
    ssize_t n = 0;
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_errno(path);
    n = read(fd, head, sizeof head);
    close(fd);
    if (n < 0) throw_errno(path);

    std::vector<std::string> argv = shebang_words(std::string_view(head, size_t(n)));
    bool shell;
    if (!argv.empty()) {
        shell = is_shell(argv[0]) || (argv.size() > 1 && base_name(argv[0]) == "env" &&
                                      is_shell(argv[1]));
        argv.push_back(d.where.file);
    } else if (access(path.c_str(), X_OK) == 0) {
        shell = false;
        argv.push_back("./" + d.where.file);
    } else {
        shell = true;
        argv = {"sh", "-e", d.where.file};
    }
    if (shell) {
        auto at = argv.end() - 1;  // flags go before the script name
        if (verbose) at = argv.insert(at, "-v") + 1;
        if (trace) argv.insert(at, "-x");
    }
    argv.push_back(d.arg1);
    argv.push_back(d.arg2);
    argv.push_back(arg3);
    return argv;
}

}  // namespace rb::redo
