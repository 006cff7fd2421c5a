#!/usr/bin/env bash
# Installs what building and testing Tenantry needs, skipping what is already there.
# Sourced by run.sh and test.sh; `install.sh e2e` also installs the browser-test tools.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

export PATH="$HOME/.cargo/bin:$root/tools/node_modules/.bin:$PATH"

install_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi

  if [[ "$(cargo leptos --version 2>/dev/null)" != *"$CARGO_LEPTOS_VERSION"* ]]; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 10 minutes, once)"
    cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi

  # wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
  local bindgen
  bindgen="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$root/Cargo.lock")"
  if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen"* ]]; then
    say "Installing wasm-bindgen-cli $bindgen (about 2 minutes, once)"
    cargo install wasm-bindgen-cli --version "$bindgen"
  fi
}

install_node_tools() {
  # wasm-opt from npm's binaryen (Debian's older one silently breaks hydration), and ECharts.
  local echarts
  echarts="$(node -p "require('$root/tools/package.json').devDependencies.echarts")"
  if [[ ! -x "$root/tools/node_modules/.bin/wasm-opt" ]] ||
    [[ "$(node -p "require('$root/tools/node_modules/echarts/package.json').version" 2>/dev/null)" != "$echarts" ]]; then
    say "Installing wasm-opt (npm binaryen) and ECharts $echarts"
    (cd "$root/tools" && npm ci --no-audit --no-fund)
  fi
  # ECharts is served from our own origin under its version (release builds precompress it).
  local vendor="$root/public/vendor"
  if [[ ! -f "$vendor/echarts-$echarts.min.js" ]]; then
    rm -rf "$vendor" && mkdir -p "$vendor"
    cp "$root/tools/node_modules/echarts/dist/echarts.min.js" "$vendor/echarts-$echarts.min.js"
  fi
}

install_e2e_tools() {
  if [[ ! -x /usr/bin/chromium ]]; then
    say "Installing Chromium (Debian)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
  if [[ ! -d "$root/end2end/node_modules/@playwright/test" ]]; then
    say "Installing Playwright (it drives Debian's Chromium; no browser download)"
    (cd "$root/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
}

install_rust_tools
install_node_tools
if [[ "${1:-}" == "e2e" ]]; then
  install_e2e_tools
fi
