#!/usr/bin/env bash
# Installs what is missing, builds the release site and serves Tenantry on http://127.0.0.1:3000
# (embedded SQLite under ./data unless DATABASE_URL says otherwise).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/install.sh"
cd "$root"

say "Building the release site (a few minutes the first time)"
cargo leptos build --release --precompress

say "Starting Tenantry at ${TENANTRY_PUBLIC_URL:-http://${TENANTRY_ADDR:-127.0.0.1:3000}}"
exec "$root/target/release/tenantry" serve "$@"
