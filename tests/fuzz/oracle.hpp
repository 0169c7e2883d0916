#pragma once
// V6R_ORACLE marks a fuzz target's own checks and set-up (the test oracle), as opposed to the code under
// test: clang leaves such a function out of libFuzzer's coverage and comparison tracing
// (no_sanitize("coverage")). Traced, the checks of reports_render took half of each execution and gave
// the fuzzer features of the test instead of the renderers (docs/fuzzing.md). Sanitizers still apply.
// Elsewhere (GCC builds: the corpus replays) it is empty.
#if defined(__clang__)
#define V6R_ORACLE __attribute__((no_sanitize("coverage")))
#else
#define V6R_ORACLE
#endif
