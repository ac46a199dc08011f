// options.cc — the option parser shared by every command.
#include "options.h"

#include <cerrno>
#include <cstdlib>

#include "error.h"

namespace rb {

std::string Options::get(const std::string& key, const std::string& fallback) const {
    auto it = values_.find(key);
    return it == values_.end() ? fallback : it->second.back();
}

const std::vector<std::string>& Options::all(const std::string& key) const {
    static const std::vector<std::string> none;
    auto it = values_.find(key);
    return it == values_.end() ? none : it->second;
}

long Options::number(const std::string& key, long fallback, long min, long max) const {
    if (!has(key)) return fallback;
    const std::string& text = get(key);
    const char* flag = key.size() == 1 ? "-" : "--";
    errno = 0;
    char* end = nullptr;
    long n = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end || errno)
        throw UsageError(flag + key + ": not a number: " + text);
    if (n < min || n > max)
        throw UsageError(flag + key + ": out of range " + std::to_string(min) + ".." +
                         std::to_string(max) + ": " + text);
    return n;
}

void Options::add(const std::string& key, std::string value) {
    values_[key].push_back(std::move(value));
    order_.push_back(key);
}

std::string option_key(const Option& o) {
    return o.long_name ? std::string(o.long_name) : std::string(1, o.short_name);
}

static const Option* find_long(const std::vector<Option>& spec, const std::string& name) {
    for (const Option& o : spec)
        if (o.long_name && name == o.long_name) return &o;
    return nullptr;
}

static const Option* find_short(const std::vector<Option>& spec, char c) {
    for (const Option& o : spec)
        if (o.short_name == c) return &o;
    return nullptr;
}

Options parse_options(const std::vector<Option>& spec, const std::vector<std::string>& argv,
                      std::vector<std::string>& operands) {
    Options opts;
    size_t i = 0;
    for (; i < argv.size(); i++) {
        const std::string& a = argv[i];
        if (a == "--") {
            i++;
            break;
        }
        if (a.size() < 2 || a[0] != '-') break;
        if (a[1] == '-') {
            std::string name = a.substr(2), value;
            size_t eq = name.find('=');
            bool inline_value = eq != std::string::npos;
            if (inline_value) {
                value = name.substr(eq + 1);
                name.resize(eq);
            }
            if (name == "help" || name == "version") {
                opts.add(name, "");
                continue;
            }
            const Option* o = find_long(spec, name);
            if (!o) throw UsageError("unknown option: --" + name);
            if (!o->arg) {
                if (inline_value) throw UsageError("option takes no argument: --" + name);
            } else if (!inline_value && o->arg[0] != '[') {
                if (++i == argv.size()) throw UsageError("option needs an argument: --" + name);
                value = argv[i];
            }
            opts.add(option_key(*o), value);
            continue;
        }
        for (size_t k = 1; k < a.size(); k++) {
            const Option* o = find_short(spec, a[k]);
            if (!o) throw UsageError(std::string("unknown option: -") + a[k]);
            if (!o->arg) {
                opts.add(option_key(*o), "");
                continue;
            }
            std::string value = a.substr(k + 1);
            if (value.empty()) {
                if (++i == argv.size())
                    throw UsageError(std::string("option needs an argument: -") + a[k]);
                value = argv[i];
            }
            opts.add(option_key(*o), value);
            break;
        }
    }
    operands.assign(argv.begin() + i, argv.end());
    return opts;
}

}  // namespace rb
