"""Hostile region files stay harmless: an alias bomb, deep nesting, a huge number or a huge
file is refused quickly with a clear Dutch error at its place, never a traceback, and
nothing is loaded."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from jeugdmodel.finance.refdata import FinanceFileInvalid, parse_finance_file
from jeugdmodel.region import regionfile
from jeugdmodel.region.models import Region
from jeugdmodel.region.regionfile import (
    MAX_ALIASES,
    MAX_DEPTH,
    RegionFileInvalid,
    parse_region_file,
    region_file_yaml,
    shipped_region_file,
)
from tests.region.conftest import small_region
from tests.region.test_region_commands import run_failing

WriteRegion = Callable[..., Path]


def alias_bomb() -> str:
    """The classic "billion laughs" in YAML: 9 levels of 9 aliases, a few hundred bytes,
    9**9 (387 million) values once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def errors_of(text: str) -> list[str]:
    with pytest.raises(RegionFileInvalid) as caught:
        parse_region_file(text)
    return [e.format("regio.yaml") for e in caught.value.errors]


def test_an_alias_bomb_is_refused_fast_with_a_clear_error() -> None:
    bomb = alias_bomb()
    assert len(bomb.encode()) < 490
    started = time.perf_counter()
    (error,) = errors_of(bomb)
    assert time.perf_counter() - started < 2
    assert "klappen uit tot meer dan" in error
    assert error.startswith("regio.yaml:")


@pytest.mark.django_db
def test_region_check_and_load_refuse_the_bomb_and_load_nothing(
    write_region: WriteRegion,
) -> None:
    path = write_region(alias_bomb())
    for command in ("region_check", "region_load"):
        error, err = run_failing(command, str(path))
        assert error.returncode == 1
        assert "verwijzingen (*naam) klappen uit" in err
    assert not Region.objects.exists()


def test_too_many_aliases_are_refused_at_their_line() -> None:
    text = "x: &x 1\nlist:\n" + "".join("  - *x\n" for _ in range(MAX_ALIASES + 1))
    (error,) = errors_of(text)
    assert f"meer dan {MAX_ALIASES} verwijzingen" in error
    assert error.startswith(f"regio.yaml:{MAX_ALIASES + 3}:")


def test_an_alias_to_itself_is_refused() -> None:
    (error,) = errors_of("a: &a [1, *a]\n")
    assert "verwijst naar zichzelf" in error


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000])
def test_deep_nesting_is_refused(depth: int) -> None:
    (error,) = errors_of("x: " + "[" * depth + "]" * depth + "\n")
    assert f"dieper genest dan {MAX_DEPTH} niveaus" in error
    assert "(regel 1, kolom " in error


@pytest.mark.parametrize("number", ["9" * 5000, "-" + "1" * 30, "0x" + "f" * 40])
def test_a_huge_integer_is_refused_with_its_place(number: str) -> None:
    data = region_file_yaml(small_region()) + f"huge: {number}\n"
    (error,) = errors_of(data)
    assert "dit getal is te groot" in error
    line = data.count("\n")
    assert error.startswith(f"regio.yaml:{line}:")


def test_a_file_that_is_too_large_is_refused_before_it_is_read(
    write_region: WriteRegion, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regionfile, "MAX_FILE_BYTES", 1000)
    path = write_region("# " + "x" * 2000 + "\n")
    error, err = run_failing("region_check", str(path))
    assert error.returncode == 1
    assert "Het bestand is te groot (2003 bytes); hoogstens 1000 bytes." in err
    with pytest.raises(RegionFileInvalid):
        parse_region_file("# " + "x" * 2000)


def test_the_finance_file_has_the_same_limits(tmp_path: Path) -> None:
    path = tmp_path / "financien.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    with pytest.raises(FinanceFileInvalid) as caught:
        parse_finance_file(path)
    assert "klappen uit" in str(caught.value.errors[0])


@pytest.mark.parametrize("name", ["mvs", "fictional", "mvs-finance"])
def test_the_shipped_files_stay_well_within_the_limits(name: str) -> None:
    text = shipped_region_file(name).read_text(encoding="utf-8")
    document = regionfile.read_region_document(text)
    assert document.errors == ()
    assert len(text.encode()) < regionfile.MAX_FILE_BYTES / 10


def test_a_good_file_still_loads_with_its_aliases() -> None:
    assert parse_region_file(shipped_region_file("mvs")).region.code == "mvs"
