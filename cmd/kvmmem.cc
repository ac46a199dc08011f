// kvmmem.cc — qemu memory size for an initrd: whole MiB x3 + 64.
#include <sys/stat.h>

#include "command.h"
#include "error.h"

namespace rb {

static int kvmmem_main(Invocation& inv) {
    const std::string& path = inv.args[0];
    struct stat st;
    if (stat(path.c_str(), &st) != 0) throw_errno(path);
    if (S_ISDIR(st.st_mode)) throw Error(path, "Is a directory");
    // Linux unpacks an initramfs into at most half of RAM; three times its
    // size plus room for the kernel leaves space to run.
    unsigned long long mib = (unsigned long long)st.st_size / (1024 * 1024);
    inv.out.write(std::to_string(mib * 3 + 64) + "M\n");
    return 0;
}

extern const Command kvmmem_command = {
    "kvmmem",
    "kvmmem FILE",
    "Print the memory size to give qemu -m for booting with FILE as its initrd:\n"
    "the whole MiB of FILE's size times 3, plus 64, followed by M (as in 70M).\n",
    {},
    1,
    1,
    kvmmem_main,
};

}  // namespace rb
