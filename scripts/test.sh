#!/usr/bin/env bash
# Installs what is missing and runs every test: unit and integration on SQLite,
# integration on PostgreSQL, then end-to-end in Chromium against the release build.
#
# PostgreSQL: TEST_DATABASE_URL (a server the tests may create databases on);
# without it, the local server at 127.0.0.1:5432 is used when it answers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/install.sh" e2e
cd "$root"
started=$(date +%s)

packages=(-p tenantry-core -p tenantry-app -p tenantry)

say "Formatting and lints"
cargo fmt --all --check
cargo clippy "${packages[@]}" --features tenantry-core/test-support --all-targets -- -D warnings

say "Unit and integration tests on SQLite"
TEST_DATABASE_URL= cargo test "${packages[@]}"

postgres="${TEST_DATABASE_URL:-}"
if [[ -z "$postgres" ]] && (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  postgres="postgres://postgres@127.0.0.1:5432/postgres"
fi
if [[ -n "$postgres" ]]; then
  say "Integration tests on PostgreSQL"
  TEST_DATABASE_URL="$postgres" cargo test "${packages[@]}"
else
  say "SKIPPED: no PostgreSQL (set TEST_DATABASE_URL, or start one on 127.0.0.1:5432)"
  [[ -n "${CI:-}" ]] && { echo "CI must test PostgreSQL" >&2; exit 1; }
fi

say "Building the release site for the browser tests"
cargo leptos build --release --precompress

say "Benchmark smoke runs (small sizes, to keep the benches working; full figures: see README)"
BENCH_ISSUES=2000 BENCH_COMPANIES=40 BENCH_ANALYTICS_ISSUES=2000 BENCH_COMPANIES_CONSOLE=300 TEST_DATABASE_URL="$postgres" cargo bench -p tenantry-core --features test-support

say "End-to-end tests in Chromium"
(cd end2end && npx playwright test)

say "All tests passed in $(( $(date +%s) - started )) s"
