#pragma once
// tests/probe/nat64_*_test.cpp: the shared one-check harness (check_fixture.hpp) under its nat64 name.
#include "check_fixture.hpp"

namespace v6r::probe::testing {

class Nat64Fixture : public CheckFixture {};

}  // namespace v6r::probe::testing
