// main.cc — the Catch2 runner for the unit tests of src/.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
