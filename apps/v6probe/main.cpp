// v6probe: the probe's one binary; the command line (run, check, list-checks, addr) is probes/cli.cpp.
#include "probes/cli.hpp"

int main(int argc, char** argv) {
  return v6r::probe::run_cli(argc, argv);
}
