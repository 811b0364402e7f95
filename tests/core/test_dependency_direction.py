"""The dependency direction of docs/architecture.md holds (import-linter), and every app
of the project has its place in it, so a new app cannot slip past the check."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "jeugdmodel"


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "direction"]
    return list(contract["layers"])


def test_every_app_has_a_layer() -> None:
    placed = {
        name.strip().removeprefix("jeugdmodel.")
        for layer in _layers()
        for name in layer.replace(":", "|").split("|")
    }
    apps = {
        p.parent.name
        for p in PACKAGE.glob("*/apps.py")
        if p.parent.name not in {"settings", "locale", "templates"}
    }
    assert apps - placed == set(), "apps zonder laag in pyproject.toml [tool.importlinter]"


def test_the_direction_holds() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(  # noqa: S603 (our own tool from the project environment)
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 kept, 0 broken" in result.stdout
