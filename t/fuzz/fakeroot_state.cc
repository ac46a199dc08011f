// fakeroot_state.cc — fuzz the fakeroot state parser: any input either
// parses or throws rb::Error, never anything else.
#include <string>

#include "error.h"
#include "tree/fakeroot_db.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        rb::FakerootDb db = rb::FakerootDb::parse(text, "fuzz");
        struct stat st{};
        db.apply(st);
    } catch (const rb::Error&) {
    }
    return 0;
}
