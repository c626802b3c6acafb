#!/usr/bin/env bash
# `npm run e2e`: from a clean clone, install the project's dependencies when they are missing or stale,
# build the package, then run the end-to-end suite (test/e2e/run.ts) against a real n8n.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! npm ls --depth=0 >/dev/null 2>&1; then
	npm ci
fi
npm run build >/dev/null
exec npx ts-node --transpile-only --prefer-ts-exts test/e2e/run.ts
