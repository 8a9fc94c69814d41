# Shared by the scripts: installs what the build needs when it is missing, so that a fresh
# machine needs no manual step. Sourced, not run.

WASM_BINDGEN_VERSION=0.2.130
# Splits the web app at its lazy screens; the format matches leptos' wasm_split_helpers 0.2.
WASM_SPLIT_VERSION=0.2.4

ensure_wasm_tools() {
  if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    rustup target add wasm32-unknown-unknown
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
    echo "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)…"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    echo "Installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes, once)…"
    cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
  fi
}

ensure_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund
  fi
}

# An independent check of openapi.yaml (dangling `$ref`s, invalid schemas): openapi-spec-validator,
# pinned in scripts/requirements-openapi.txt, in a virtual environment under target/tools.
ensure_openapi_validator() {
  local venv=target/tools/openapi-validator
  if [ ! -x "$venv/bin/openapi-spec-validator" ] || [ scripts/requirements-openapi.txt -nt "$venv/installed" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements-openapi.txt
    touch "$venv/installed"
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests…"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
  fi
}

ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "Starting the local PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 0.5; done
    echo "PostgreSQL did not start" >&2
    return 1
  fi
}
