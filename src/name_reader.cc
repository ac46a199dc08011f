// name_reader.cc — records to canonical member names.
#include "name_reader.h"

#include "error.h"
#include "file_list.h"
#include "safe_path.h"

namespace rb {

bool NameReader::next(std::string& name) {
    if (!records_.next(record_)) return false;
    std::string_view raw = name_of_record(record_);
    if (raw.empty())
        throw Error(records_.name() + ":" + std::to_string(records_.number()), "empty name");
    name = canonical_name(raw);
    return true;
}

}  // namespace rb
