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
    if (form_ != Form::names) {
        raw = name_of_record(record_);
        if (form_ == Form::unknown) form_ = raw.size() < record_.size() ? Form::list : Form::names;
        else if (raw.size() == record_.size()) throw Error(where(), "not a .list line, as the first one was");
    }
    if (raw.empty()) throw Error(where(), "empty name");
    name = canonical_name(raw);
    return true;
}

}  // namespace rb
