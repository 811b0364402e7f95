"""`manage.py ijw_validate` classifies a folder of valid and broken messages correctly."""

from __future__ import annotations

import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
from jeugdmodel.region.services import region_load

CASES = Path(__file__).parent / "validate_cases"
EXAMPLES = Path(__file__).parent / "examples"


def expected() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for line in (CASES / "expected.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, codes = line.split(": ", 1)
            result[name] = [] if codes == "geldig" else codes.split()
    return result


def run(*args: str) -> tuple[str, str | None]:
    out = StringIO()
    err = StringIO()
    try:
        call_command("ijw_validate", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def classify(output: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        valid = re.match(r"^(.+?): geldig \((JW\d{3})\)$", line)
        if valid:
            found[Path(valid.group(1)).name] = []
            continue
        problem = re.match(r"^(.+?):(?:(\d+):)? (\S+/\S+): ", line)
        assert problem, line
        codes = found.setdefault(Path(problem.group(1)).name, [])
        if problem.group(3) not in codes:
            codes.append(problem.group(3))
    return found


@pytest.mark.django_db
def test_the_folder_of_cases_is_classified_as_expected() -> None:
    region_load(data=parse_region_file(shipped_region_file("fictional")))
    out, error = run(str(CASES), "--today", "2026-06-01")
    assert classify(out) == expected()
    broken = sum(1 for codes in expected().values() if codes)
    assert error == f"{broken} van {len(expected())} bestand(en) afgekeurd."


@pytest.mark.django_db
def test_schema_and_rule_errors_carry_their_line() -> None:
    region_load(data=parse_region_file(shipped_region_file("fictional")))
    out, _error = run(
        str(CASES / "01-start-taakgericht.xml"),
        str(CASES / "04-zelfde-identificatie.xml"),
        str(CASES / "26-xsd-fout.xml"),
        "--today",
        "2026-06-01",
    )
    lines = out.splitlines()
    assert re.match(
        r".*04-zelfde-identificatie.xml:\d+: TR056/9056: Identificatie JM0001 ", lines[1]
    )
    assert re.match(r".*26-xsd-fout.xml:\d+: XSD/0001: .*Geslacht", lines[2])


@pytest.mark.django_db
def test_valid_files_exit_zero() -> None:
    out, error = run(
        str(EXAMPLES / "JW305.xml"), str(EXAMPLES / "JW301.xml"), "--today", "2026-06-01"
    )
    assert error is None
    assert out.splitlines() == [
        f"{EXAMPLES / 'JW305.xml'}: geldig (JW305)",
        f"{EXAMPLES / 'JW301.xml'}: geldig (JW301)",
    ]


@pytest.mark.django_db
def test_a_huge_a_missing_and_a_binary_file_are_errors_not_tracebacks(tmp_path: Path) -> None:
    huge = tmp_path / "groot.xml"
    with huge.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # 100 MB (sparse)
    binary = tmp_path / "random.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    out, error = run(str(huge), str(tmp_path / "weg.xml"), str(binary))
    assert "groot.xml: XML/0001: Het bestand is groter dan 8 MB" in out
    assert "weg.xml: XML/0001: Kan het bestand niet lezen" in out
    assert "random.bin:1: XML/0001: Het bestand is geen geldige XML" in out
    assert error == "3 van 3 bestand(en) afgekeurd."


def test_a_real_process_exits_one_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "kapot.xml"
    bad.write_bytes(b"<jw305:Bericht")
    result = subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "manage.py", "ijw_validate", str(bad), str(EXAMPLES / "JW305.xml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "kapot.xml:1: XML/0001" in result.stdout
    assert "JW305.xml: geldig (JW305)" in result.stdout
