// tree/name_reader.cc — records to canonical member names.
#include "tree/name_reader.h"

#include "error.h"
#include "tree/file_list.h"
#include "tree/safe_path.h"

namespace rb {

bool NameReader::next(std::string& name) {
    if (!records_.next(record_)) return false;
    auto where = [&] { return records_.name() + ":" + std::to_string(records_.number()); };
    std::string_view raw = record_;
    std::optional<ListEntry> entry;
    if (form_ != Form::names) {
        entry = parse_entry(record_);
        if (form_ == Form::unknown) form_ = entry ? Form::list : Form::names;
        else if (!entry) throw Error(where(), "not a .list line, as the first one was");
        if (entry) raw = entry->name;
    }
    if (raw.empty()) throw Error(where(), "empty name");
    name = canonical_name(raw);
    return true;
}

}  // namespace rb
