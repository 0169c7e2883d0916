#include "probes/cli.hpp"

int main(int argc, char** argv) {
  return v6r::probe::run_cli(argc, argv);
}
