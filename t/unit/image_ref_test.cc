// image_ref_test.cc — image names ("NAME[:TAG]") as Docker normalises and refuses them.
#include <catch2/catch.hpp>

#include "error.h"
#include "helpers.h"
#include "image/ref.h"

using namespace rb;

static std::string why(const std::string& text) {
    auto e = rbtest::error_of([&] { parse_image_ref(text); });
    return e ? e->reason() : "valid";
}

TEST_CASE("image names: Docker's normalisation") {
    ImageRef r = parse_image_ref("busybox");
    CHECK(r.full() == "docker.io/library/busybox:latest");
    CHECK(r.familiar() == "busybox:latest");
    CHECK(r.familiar_name() == "busybox");
    CHECK(parse_image_ref("docker.io/library/busybox:1.36").familiar() == "busybox:1.36");
    CHECK(parse_image_ref("index.docker.io/me/app").full() == "docker.io/me/app:latest");
    CHECK(parse_image_ref("me/app:v2").familiar() == "me/app:v2");
    CHECK(parse_image_ref("localhost/app").full() == "localhost/app:latest");
    CHECK(parse_image_ref("localhost:5000/a/b:v1").familiar() == "localhost:5000/a/b:v1");
    CHECK(parse_image_ref("Example.COM/x").domain == "Example.COM");
    CHECK(parse_image_ref("[::1]:5000/x").full() == "[::1]:5000/x:latest");
    CHECK(parse_image_ref("me/a__b.c-d---e/f_g").path == "me/a__b.c-d---e/f_g");
    CHECK(parse_image_ref("app:" + std::string(128, 'x')).tag.size() == 128);
    CHECK(parse_image_ref("app:_x.Y-1").tag == "_x.Y-1");
}

TEST_CASE("image names: what the reference grammar refuses") {
    CHECK(why("Busybox") == "invalid image name: repository names must be lowercase");
    CHECK(why("me/App") == "invalid image name: repository names must be lowercase");
    CHECK(why("") == "invalid image name: empty");
    CHECK(why("a@sha256:0000") == "invalid image name: a digest is not a tag");
    for (const char* bad : {"a//b", "/a", "a/", "a..b", "a___b", "-a", "a-", "a b", "a._b", ".a"})
        CHECK(why(bad).find("each /-separated part") != std::string::npos);
    for (const char* bad : {"a:", "a:-x", "a:.x", "a:x y", "a:x/y"})
        CHECK(why(bad) != "valid");
    CHECK(why("app:" + std::string(129, 'x')).find("the tag must be") != std::string::npos);
    CHECK(why(std::string(256, 'a')) == "invalid image name: longer than 255 characters");
    CHECK(why("-host.example/a") == "invalid image name: bad registry host '-host.example'");
    CHECK(why("host.example:/a") == "invalid image name: bad registry host 'host.example:'");
    CHECK(why("host.example:5x/a") == "invalid image name: bad registry host 'host.example:5x'");
    CHECK(why("[::1/a") == "invalid image name: bad registry host '[::1'");
}
