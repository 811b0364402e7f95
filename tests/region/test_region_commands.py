"""The region commands as an administrator runs them: output, errors with FILE:LINE, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from jeugdmodel.region.models import Region, Team
from jeugdmodel.region.regionfile import region_file_yaml, shipped_region_file
from jeugdmodel.region.selectors import region_export_data
from tests.region.conftest import db_snapshot, small_region

WriteRegion = Callable[..., Path]

BROKEN = """\
region:
  code: proef
  name: Proefregio
municipalities:
  - code: GM9801
    name: Aadorp
  - code: GM98O2
    name: Beedorp
teams:
  - code: team
    name: Team
    kind: buurtteam
    covers:
      whole_region: true
"""


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str) -> tuple[CommandError, str]:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=StringIO(), stderr=err)
    return caught.value, err.getvalue()


# --- region_check ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mvs", "fictional"])
def test_check_a_good_file(name: str) -> None:
    path = shipped_region_file(name)
    out, err = run("region_check", str(path))
    assert out.startswith(f"{path} is in orde: regio ")
    assert err == ""


def test_check_reports_every_error_with_file_and_line(write_region: WriteRegion) -> None:
    path = write_region(BROKEN)

    error, err = run_failing("region_check", str(path))

    assert error.returncode == 1
    assert str(error) == f"{path}: 2 fout(en) gevonden."
    assert err.splitlines() == [
        f"{path}:7: municipalities[1].code: 'GM98O2' heeft niet de juiste vorm: een "
        "CBS-gemeentecode is GM gevolgd door 4 cijfers, bijvoorbeeld GM0606",
        f"{path}:12: teams[0].kind: 'buurtteam' is geen toegestane waarde; kies uit: "
        "wijkteam, poh_jeugd, onderwijs, flex_netwerk, specialistisch",
    ]


def test_check_reports_broken_yaml(write_region: WriteRegion) -> None:
    path = write_region("region:\n  code: proef\n   name: fout ingesprongen\n")
    error, err = run_failing("region_check", str(path))
    assert error.returncode == 1
    (line,) = err.splitlines()
    assert line.startswith(f"{path}:3: Ongeldige YAML: ")
    assert "(regel 3, kolom " in line


def test_check_a_missing_file(tmp_path: Path) -> None:
    error, _err = run_failing("region_check", str(tmp_path / "weg.yaml"))
    assert error.returncode == 1
    assert "Bestand niet gevonden" in str(error)


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jeugdmodel.settings.test"}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_check_from_the_command_line_sets_the_exit_code(write_region: WriteRegion) -> None:
    good = _manage("region_check", str(shipped_region_file("fictional")))
    assert (good.returncode, good.stderr) == (0, "")
    assert "is in orde" in good.stdout

    path = write_region(BROKEN)
    bad = _manage("region_check", str(path))
    assert bad.returncode == 1
    assert f"{path}:7: municipalities[1].code: " in bad.stderr
    assert bad.stdout == ""


# --- region_load -------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_prints_a_report_and_a_second_load_changes_nothing() -> None:
    path = str(shipped_region_file("fictional"))

    out, _err = run("region_load", path)
    lines = out.splitlines()
    assert lines[0] == f"{path} geladen als regio 'zeedorp'."
    assert lines[1].split() == ["soort", "nieuw", "gewijzigd", "ongewijzigd", "verwijderd"]
    assert lines[7].split() == ["teams", "6", "0", "0", "0"]
    assert lines[8].split() == ["buiten", "de", "regio", "1", "0", "0", "0"]
    assert lines[9].split() == ["hulpvormen", "0", "0", "0", "0"]
    assert lines[10].split() == ["iJw-producten", "4", "0", "0", "0"]
    assert lines[11].split() == ["overstap", "0", "0", "0", "0"]
    assert len(lines) == 12  # every section is stored: no notices

    out, _err = run("region_load", path)
    assert out.splitlines()[0] == f"{path} geladen als regio 'zeedorp': er was niets veranderd."
    assert out.splitlines()[7].split() == ["teams", "0", "0", "6", "0"]
    assert out.splitlines()[8].split() == ["buiten", "de", "regio", "0", "0", "1", "0"]
    assert out.splitlines()[10].split() == ["iJw-producten", "0", "0", "4", "0"]


@pytest.mark.django_db
def test_load_of_a_broken_file_changes_nothing(write_region: WriteRegion) -> None:
    data = small_region()
    run("region_load", str(write_region(data)))
    snapshot = db_snapshot()

    data["teams"][0]["name"] = "Gewijzigd"
    data["teams"][0]["covers"]["districts"].append("WK980177")
    path = write_region(data, "kapot.yaml")
    error, err = run_failing("region_load", str(path))

    assert error.returncode == 1
    line = path.read_text(encoding="utf-8").splitlines().index("    - WK980177") + 1
    assert err.splitlines() == [
        f"{path}:{line}: teams[0].covers.districts[2]: onbekende wijk 'WK980177': die staat "
        "niet onder districts"
    ]
    assert db_snapshot() == snapshot
    assert Team.objects.get(code="wijkteam-aadorp").name == "Wijkteam Aadorp"


@pytest.mark.django_db
def test_load_refused_by_the_database_reports_like_check(write_region: WriteRegion) -> None:
    run("region_load", str(shipped_region_file("fictional")))
    text = region_file_yaml(small_region()).replace("GM9802", "GM9902")  # Zeedorp's Duinwijk
    path = write_region(text)
    snapshot = db_snapshot()

    error, err = run_failing("region_load", str(path))

    assert error.returncode == 1
    line = text.splitlines().index("- code: GM9902") + 1
    assert err.splitlines() == [
        f"{path}:{line}: municipalities[1].code: de code GM9902 hoort al bij een andere regio "
        "(zeedorp)"
    ]
    assert db_snapshot() == snapshot


# --- region_export -----------------------------------------------------------------------


@pytest.mark.django_db
def test_export_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    run("region_load", str(shipped_region_file("mvs")))

    out, _err = run("region_export")
    assert yaml.safe_load(out) == region_export_data()
    assert "pc4: '3112'" in out  # codes stay text

    target = tmp_path / "export.yaml"
    _out, err = run("region_export", "--output", str(target))
    assert target.read_text(encoding="utf-8") == out
    assert err.strip() == f"Regio 'mvs' geschreven naar {target}."

    check_out, _err = run("region_check", str(target))
    assert "is in orde" in check_out


@pytest.mark.django_db
def test_export_when_there_is_nothing_or_too_much() -> None:
    error, _err = run_failing("region_export")
    assert (error.returncode, str(error)) == (1, "Er is nog geen regio geladen.")

    run("region_load", str(shipped_region_file("mvs")))
    run("region_load", str(shipped_region_file("fictional")))
    error, _err = run_failing("region_export")
    assert "meerdere regio's" in str(error)

    out, _err = run("region_export", "--region", "zeedorp")
    data: dict[str, Any] = yaml.safe_load(out)
    assert data["region"]["code"] == "zeedorp"
    assert Region.objects.count() == 2
