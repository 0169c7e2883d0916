# tests/deploy/lib.sh — sourced by the deploy tests (bash): real bundles without privileges or network.
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# loopback_scenario DIR: starts a TCP listener on [::1]:<free port> (killed by loopback_stop) and
# writes DIR/lo.yaml, a scenario whose one check (service.tcp) connects to it and passes.
loopback_scenario() {
  local dir=$1 i
  python3 -c 'import socket
s = socket.socket(socket.AF_INET6); s.bind(("::1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept(); c.close()' >"$dir/lo.port" &
  LOOPBACK_PID=$!
  for i in $(seq 1 50); do [ -s "$dir/lo.port" ] && break; sleep 0.1; done
  [ -s "$dir/lo.port" ] || fail "loopback listener did not start"
  cat >"$dir/lo.yaml" <<YAML
version: 1
name: deploy-test
defaults: {deadline_ms: 1000, retries: 0}
allow: ["::1/128"]
checks:
  - {id: lo.tcp, kind: service.tcp, params: {address: "::1", port: $(cat "$dir/lo.port")}}
YAML
}
loopback_stop() { [ -n "${LOOPBACK_PID:-}" ] && kill "$LOOPBACK_PID" 2>/dev/null; LOOPBACK_PID=""; }
