// error.cc — Error construction and errno helpers.
#include "error.h"

#include <cerrno>
#include <cstring>

namespace rb {

Error::Error(std::string subject, std::string reason)
    : std::runtime_error(subject.empty() ? reason : subject + ": " + reason),
      subject_(std::move(subject)), reason_(std::move(reason)) {}

void throw_errno(const std::string& subject) { throw_errno(subject, errno); }

void throw_errno(const std::string& subject, int err) {
    throw Error(subject, std::strerror(err));
}

}  // namespace rb
