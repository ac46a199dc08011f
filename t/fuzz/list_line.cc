// list_line.cc — fuzz the one .list line parser (parse_entry, which NameReader
// and sbom use too): parse, and when it parses, formatting must give back the
// same text.
#include <cstdlib>
#include <string>

#include "tree/file_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string line(reinterpret_cast<const char*>(data), size);
    auto entry = rb::parse_entry(line);
    if (entry && rb::format_entry(*entry) != line) {
        // leading zeros in uid/gid are the one accepted non-canonical form
        auto again = rb::parse_entry(rb::format_entry(*entry));
        if (!again || again->name != entry->name || again->id.mode != entry->id.mode ||
            again->id.uid != entry->id.uid || again->id.gid != entry->id.gid ||
            again->id.digest != entry->id.digest)
            abort();
    }
    return 0;
}
