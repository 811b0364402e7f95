# Shared set-up for bin/demo, bin/test, bin/lint: sourced, not run.
# On a fresh machine with only Python 3.11+: installs uv with pip when missing, then
# syncs the locked dependencies into .venv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PYTHON_BIN="${PYTHON:-python3}"
if ! "$PYTHON_BIN" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "Jeugdmodel heeft Python 3.11 of nieuwer nodig (gevonden: $("$PYTHON_BIN" --version 2>&1))." >&2
  exit 1
fi

if ! command -v uv >/dev/null 2>&1; then
  echo "» uv ontbreekt: installeren met pip …"
  "$PYTHON_BIN" -m pip install --quiet --user uv 2>/dev/null || "$PYTHON_BIN" -m pip install --quiet uv
  export PATH="$HOME/.local/bin:$PATH"
  hash -r
fi

export UV_PYTHON="${UV_PYTHON:-$PYTHON_BIN}"
echo "» afhankelijkheden synchroniseren (uv.lock) …"
uv sync --locked --quiet
