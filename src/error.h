// error.h — the one error path: failures carry a subject and a reason up to
// the dispatcher, which prints "NAME: subject: reason" and picks the exit code.
#pragma once
#include <stdexcept>
#include <string>

namespace rb {

// A runtime failure: exit status 1.
class Error : public std::runtime_error {
public:
    Error(std::string subject, std::string reason);
    const std::string& subject() const { return subject_; }
    const std::string& reason() const { return reason_; }

private:
    std::string subject_, reason_;
};

// A bad command line: exit status 2, followed by the usage line.
class UsageError : public std::runtime_error {
public:
    explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

// An Error whose reason is strerror(err); err defaults to errno.
[[noreturn]] void throw_errno(const std::string& subject);
[[noreturn]] void throw_errno(const std::string& subject, int err);

}  // namespace rb
