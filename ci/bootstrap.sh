#!/usr/bin/env bash
# ci/bootstrap.sh — the single list of v6ready's system dependencies (Debian 12 packages only).
# Idempotent: installs only what is missing, and runs `apt-get update` only when something is.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config clang lld libclang-rt-14-dev clang-format clang-tidy git
  # libraries
  libpcap-dev libboost-dev libboost-system-dev libc-ares-dev libyaml-cpp-dev libgtest-dev libgmock-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev libssl-dev libbenchmark-dev libutf8proc-dev libsqlite3-dev
  zlib1g-dev
  # lab daemons and tools
  iproute2 nftables unbound bind9 tayga nginx-light dnsmasq-base tcpdump tshark dnsutils curl procps rsync dpkg-dev
  python3 python3-yaml
  # packaging test (tests/deploy/package_test.sh: lintian over both .deb files)
  lintian
  # fault tests (probe.lab.sigkill kills inside bundle finalisation with strace -e inject)
  strace
  # reports tests
  chromium libxml2-utils jq
  # fleet roll-out and "sweep now" (probes/deploy/ansible/; tests/deploy/ansible_lab.sh runs sshd in the
  # lab's commune namespaces and ansible-playbook in the core one, builtin modules only)
  ansible openssh-server openssh-client
  # benchmarks peers
  dnsperf hyperfine
)

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
# Package lists older than a day (or absent) are refreshed; otherwise reuse them.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin -1440 2>/dev/null | head -n1)" ]; then
  apt-get update -q
fi
if ! apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Debian starts some daemons on install; the lab runs its own instances, so stop the system ones.
for svc in unbound named nginx dnsmasq; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    systemctl stop "$svc" || true
    systemctl disable "$svc" >/dev/null 2>&1 || true
  fi
done
echo "bootstrap: done"
