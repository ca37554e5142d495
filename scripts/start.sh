#!/usr/bin/env bash
# npm start: install what is missing, build and package the extension, then run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-code-server.sh
npm run package --silent
node esbuild.js --tests
exec node out/scripts/start.js "$@"
