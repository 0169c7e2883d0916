// Replays a libFuzzer corpus without libFuzzer: every regular file under the given directories (or
// the given files) is fed once to LLVMFuzzerTestOneInput. Built for every fuzz target and run by ctest,
// so each committed corpus and every crash regression file is exercised in every build (no clang needed).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

static int replay_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", p.c_str());
    return 1;
  }
  std::vector<std::uint8_t> buf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(buf.data(), buf.size());
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  std::size_t n = 0;
  for (int i = 1; i < argc; ++i) {
    fs::path root(argv[i]);
    std::error_code ec;
    if (fs::is_directory(root, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) continue;
        if (replay_file(e.path()) != 0) return 1;
        ++n;
      }
    } else if (fs::is_regular_file(root, ec)) {
      if (replay_file(root) != 0) return 1;
      ++n;
    } else {
      std::fprintf(stderr, "replay: %s is neither a file nor a directory\n", root.c_str());
      return 1;
    }
  }
  if (n == 0) {
    std::fprintf(stderr, "replay: empty corpus (a committed corpus must have at least one input)\n");
    return 1;
  }
  std::printf("replayed %zu inputs\n", n);
  return 0;
}
