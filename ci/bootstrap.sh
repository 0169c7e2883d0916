#!/usr/bin/env bash
# ci/bootstrap.sh — the single list of v6ready's system dependencies (Debian 12 packages only).
# Idempotent: installs only what is missing, and runs `apt-get update` only when something is.
#   ci/bootstrap.sh           everything: build, tests, lab, reports, benchmarks
#   ci/bootstrap.sh --build   only what building the tools and the .deb packages needs (the job of
#                             ci/examples that makes the packages once; docs/ci-guide.md)
set -euo pipefail

BUILD_PACKAGES=(
  # build and packaging (cpack: dpkg-shlibdeps, file; the man pages run v6lab --help: python3-yaml)
  build-essential cmake ninja-build pkg-config git dpkg-dev file python3 python3-yaml
  # libraries
  libpcap-dev libboost-dev libboost-system-dev libc-ares-dev libyaml-cpp-dev nlohmann-json3-dev
  libcli11-dev libfmt-dev libssl-dev libutf8proc-dev libsqlite3-dev zlib1g-dev
)
PACKAGES=(
  "${BUILD_PACKAGES[@]}"
  # compilers and tools for tests, sanitizers and fuzzing; test and benchmark libraries
  clang lld libclang-rt-14-dev clang-format clang-tidy libgtest-dev libgmock-dev libbenchmark-dev
  # lab daemons and tools
  iproute2 nftables unbound bind9 tayga nginx-light dnsmasq-base coturn tcpdump tshark dnsutils curl procps rsync dpkg-dev
  python3 python3-yaml
  # packaging test (tests/deploy/package_test.sh: lintian over both .deb files)
  lintian
  # fault tests (probe.lab.sigkill kills inside bundle finalisation with strace -e inject)
  strace
  # reports tests
  chromium libxml2-utils jq
  # Prometheus output checked with the operators' tools (tests/deploy/prometheus_tools_test.sh: promtool,
  # and node_exporter's textfile collector on 127.0.0.1; their system services are kept off, see below)
  prometheus prometheus-node-exporter
  # fleet roll-out and "sweep now" (probes/deploy/ansible/; tests/deploy/ansible_lab.sh runs sshd in the
  # lab's commune namespaces and ansible-playbook in the core one, builtin modules only)
  ansible openssh-server openssh-client
  # benchmarks peers
  dnsperf hyperfine
)

case "${1:-}" in
  --build) PACKAGES=("${BUILD_PACKAGES[@]}") ;;
  "") ;;
  *) echo "usage: $0 [--build]" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
  echo "bootstrap: needs root to install packages (apt-get). Run: sudo $0" >&2
  exit 2
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "bootstrap: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer non-interactively.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections || true
# Debian starts daemons on install (unbound, named, nginx, prometheus on *:9090, node_exporter on
# *:9100). The lab and the tests run their own instances on loopback and in namespaces only, so no
# service may start while installing: policy-rc.d (invoke-rc.d's policy hook) refuses every start.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\n# written by v6ready ci/bootstrap.sh for the duration of one apt-get install\nexit 101\n' \
    >/usr/sbin/policy-rc.d
  chmod 0755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# Package lists older than a day (or absent) are refreshed; otherwise reuse them.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin -1440 2>/dev/null | head -n1)" ]; then
  apt-get update -q
fi
if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# The lab runs its own instances: stop and disable the system ones that run, and disable (so they do
# not start at the next boot) those this run installed.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  for svc in unbound named nginx dnsmasq coturn prometheus prometheus-node-exporter; do
    if systemctl is-active --quiet "$svc" 2>/dev/null; then
      systemctl stop "$svc" || true
      systemctl disable "$svc" >/dev/null 2>&1 || true
    fi
  done
  for p in "${missing[@]}"; do
    case $p in
      unbound | nginx-light | coturn | prometheus | prometheus-node-exporter) svc=${p%-light} ;;
      bind9) svc=named ;;
      *) continue ;;
    esac
    systemctl disable "$svc" >/dev/null 2>&1 || true
  done
fi
echo "bootstrap: done"
