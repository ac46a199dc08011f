// options.h — the one option parser: declared options, no permutation,
// "--" ends options, "-" is an operand, counts checked by the caller's spec.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace rb {

struct Option {
    char short_name;        // 0 when the option has no short form
    const char* long_name;  // nullptr when it has no long form
    const char* arg;        // argument name, nullptr for a flag; "[NAME]": an
                            // optional argument, given only as --long=VALUE
};

class Options {
public:
    // key is the long name when there is one, else the short letter
    bool has(const std::string& key) const { return values_.count(key) != 0; }
    // the last value given, or fallback
    std::string get(const std::string& key, const std::string& fallback = "") const;
    const std::vector<std::string>& all(const std::string& key) const;
    // an integer argument in [min, max]; fallback when absent; UsageError otherwise
    long number(const std::string& key, long fallback, long min, long max) const;
    // the order flags were given in, for options that override each other
    const std::vector<std::string>& order() const { return order_; }

    void add(const std::string& key, std::string value);

private:
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> order_;
};

std::string option_key(const Option& o);

// Parse argv (without the command name). Options end at the first operand,
// at "--", or at "-". --help and --version are recognised and reported
// through the returned Options under the keys "help" and "version".
Options parse_options(const std::vector<Option>& spec, const std::vector<std::string>& argv,
                      std::vector<std::string>& operands);

}  // namespace rb
