#!/usr/bin/env bash
# ci/examples/build-debs.sh — the three Debian packages (v6ready-probe, v6ready-analyzer, v6ready-lab)
# from this source tree, for CI jobs that install them instead of building (docs/ci-guide.md).
# Used by the packaging job of ci/examples/github-actions.yml and ci/examples/gitlab-ci.yml:
#
#   v6ready/ci/examples/build-debs.sh debs      # -> debs/v6ready-{probe,analyzer,lab}_*.deb
#
# Built once per v6ready commit: OUT/REVISION records the commit the packages were built from, and
# when it matches this tree's HEAD (a CI cache restored OUT) nothing is built.
# Steps: ci/bootstrap.sh --build (build and packaging packages only; V6READY_SKIP_BOOTSTRAP=1 skips it),
# cmake without tests and benchmarks, cmake --build, cpack -G DEB.
# Environment: V6READY_BUILD_DIR (default: build-deb in the source tree), V6READY_SKIP_BOOTSTRAP=1.
# Exit: 0 packages in OUT, 2 usage error, 3 a step failed.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
out=${1:?usage: build-debs.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
build=${V6READY_BUILD_DIR:-$repo/build-deb}
rev=$(git -c safe.directory='*' -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)

debs() { ls "$out"/v6ready-probe_*.deb "$out"/v6ready-analyzer_*.deb "$out"/v6ready-lab_*.deb 2>/dev/null; }
if [ "$rev" != unknown ] && [ "$(cat "$out/REVISION" 2>/dev/null)" = "$rev" ] && [ "$(debs | wc -l)" = 3 ]; then
  echo "build-debs: packages of $rev already in $out (cache), nothing built"
  debs
  exit 0
fi

t0=$(date +%s)
if [ "${V6READY_SKIP_BOOTSTRAP:-0}" != 1 ]; then
  "$repo/ci/bootstrap.sh" --build || { echo "build-debs: ci/bootstrap.sh --build failed" >&2; exit 3; }
fi
t1=$(date +%s)
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S "$repo" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DV6READY_BUILD_TESTS=OFF \
  -DV6READY_BUILD_BENCH=OFF >/dev/null || { echo "build-debs: cmake configure failed" >&2; exit 3; }
cmake --build "$build" -j"$(nproc)" || { echo "build-debs: build failed" >&2; exit 3; }
t2=$(date +%s)
rm -f "$out"/v6ready-*.deb "$out/REVISION"
rm -rf "$out/cpack"
(cd "$build" && cpack -G DEB -B "$out/cpack" >"$out/cpack.log" 2>&1) || {
  cat "$out/cpack.log" >&2
  echo "build-debs: cpack failed" >&2
  exit 3
}
mv "$out"/cpack/v6ready-*.deb "$out"/
rm -rf "$out/cpack" "$out/cpack.log"
[ "$(debs | wc -l)" = 3 ] || { echo "build-debs: expected three packages in $out" >&2; exit 3; }
echo "$rev" >"$out/REVISION"
t3=$(date +%s)
echo "build-debs: $rev: bootstrap $((t1 - t0)) s, build $((t2 - t1)) s, cpack $((t3 - t2)) s"
debs
