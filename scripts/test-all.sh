#!/usr/bin/env bash
# `npm test`: every check CI runs, in order, stopping at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== format";    npm run -s format:check
echo "== lint";      npm run -s lint
echo "== typecheck"; npm run -s typecheck
echo "== unit";      npm run -s test:unit
echo "== e2e";       npm run -s test:e2e
