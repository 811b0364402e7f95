"""pip-audit over uv.lock, with an explicit answer when the vulnerability data is out of reach.

Called by bin/lint (docs/decisions/0082-security-checks-in-ci.md). Exports the lock file with
hashes, asks pip-audit (PyPI's vulnerability data) about every pinned package and reads its JSON:

- a known vulnerability that is not accepted in pyproject.toml
  (`[[tool.jeugdmodel.pip-audit.accepted]]`, each with `id` and `reason`): exit 1;
- packages that could not be checked (no answer from the vulnerability service): say so in
  capitals with the count; exit 1 when JEUGDMODEL_PIP_AUDIT_UNREACHABLE=fail, else exit 0
  (default `warn`: the project's machines reach the package index but not its
  vulnerability data, so a hard failure would stop every run).
"""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404 - fixed commands, no shell
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def accepted_ids() -> dict[str, str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    entries = config.get("tool", {}).get("jeugdmodel", {}).get("pip-audit", {}).get("accepted", [])
    accepted: dict[str, str] = {}
    for entry in entries:
        if not str(entry.get("reason", "")).strip():
            sys.exit(f"pip-audit: geaccepteerde kwetsbaarheid {entry.get('id')} heeft geen reden.")
        accepted[str(entry["id"])] = str(entry["reason"])
    return accepted


def main() -> int:
    mode = os.environ.get("JEUGDMODEL_PIP_AUDIT_UNREACHABLE", "warn")
    if mode not in {"warn", "fail"}:
        sys.exit("JEUGDMODEL_PIP_AUDIT_UNREACHABLE moet 'warn' of 'fail' zijn.")
    accepted = accepted_ids()
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        report = Path(tmp) / "report.json"
        with requirements.open("w", encoding="utf-8") as out:
            subprocess.run(  # nosec B603 B607 - fixed command
                ["uv", "export", "--frozen", "--format", "requirements-txt", "--no-emit-project",
                 "--all-groups", "--quiet"],
                cwd=ROOT, stdout=out, check=True,
            )
        command = [
            sys.executable, "-m", "pip_audit", "--requirement", str(requirements),
            "--require-hashes", "--disable-pip", "--progress-spinner", "off",
            "--format", "json", "--output", str(report), "--timeout", "20",
        ]
        for vuln_id in accepted:
            command += ["--ignore-vuln", vuln_id]
        run = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
        if not report.exists():
            print(run.stderr[-2000:], file=sys.stderr)
            return unreachable(mode, "pip-audit gaf geen rapport (kwetsbaarhedendienst onbereikbaar?)")
        data = json.loads(report.read_text(encoding="utf-8"))

    dependencies = data.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    found = [(d["name"], d["version"], v) for d in dependencies for v in d.get("vulns", [])]
    failed = False
    for name, version, vuln in found:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "geen"
        print(f"KWETSBAARHEID {vuln['id']} in {name} {version} (opgelost in: {fixes})")
        failed = True
    checked = len(dependencies) - len(skipped)
    print(f"pip-audit: {checked} van {len(dependencies)} pakketten gecontroleerd, "
          f"{len(found)} kwetsbaarheden, {len(accepted)} geaccepteerd.")
    if failed:
        return 1
    if skipped:
        return unreachable(
            mode, f"{len(skipped)} van {len(dependencies)} pakketten NIET GECONTROLEERD "
            f"(eerste: {skipped[0]['name']}: {skipped[0]['skip_reason']})"
        )
    return 0


def unreachable(mode: str, message: str) -> int:
    print(f"pip-audit: {message}.", file=sys.stderr)
    if mode == "fail":
        print("JEUGDMODEL_PIP_AUDIT_UNREACHABLE=fail: dit telt als fout.", file=sys.stderr)
        return 1
    print("Waarschuwing, geen fout (JEUGDMODEL_PIP_AUDIT_UNREACHABLE=warn); zet 'fail' op een "
          "machine die de kwetsbaarhedendata bereikt.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
