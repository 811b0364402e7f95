"""Shared pieces of the region commands: reading a file and reporting errors."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from django.core.management.base import CommandError, OutputWrapper
from django.utils.translation import gettext as _

from jeugdmodel.region.regionfile import RegionFile, RegionFileError, parse_region_file
from jeugdmodel.region.regionfile import RegionFileInvalid as RegionFileInvalid

EXIT_ERRORS = 1


def read_region_file(path: Path, stderr: OutputWrapper) -> RegionFile:
    """Parse ``path``; on errors print them as ``FILE:LINE: path: message`` and stop."""
    try:
        return parse_region_file(path)
    except FileNotFoundError as exc:
        raise CommandError(
            _("Bestand niet gevonden: %(path)s") % {"path": path}, returncode=EXIT_ERRORS
        ) from exc
    except UnicodeDecodeError as exc:
        raise CommandError(
            _("%(path)s is geen UTF-8-tekst.") % {"path": path}, returncode=EXIT_ERRORS
        ) from exc
    except RegionFileInvalid as exc:
        fail_with_errors(path, exc.errors, stderr)


def fail_with_errors(path: Path, errors: list[RegionFileError], stderr: OutputWrapper) -> NoReturn:
    for error in errors:
        stderr.write(error.format(str(path)))
    raise CommandError(
        _("%(path)s: %(count)d fout(en) gevonden.") % {"path": path, "count": len(errors)},
        returncode=EXIT_ERRORS,
    )


def describe_region_file(region_file: RegionFile) -> str:
    return _(
        "regio %(name)s (%(code)s) met %(municipalities)d gemeente(n), %(districts)d wijk(en), "
        "%(postcodes)d postcodegebied(en), %(organisations)d organisatie(s) en %(teams)d team(s)"
    ) % {
        "name": region_file.region.name,
        "code": region_file.region.code,
        "municipalities": len(region_file.municipalities),
        "districts": len(region_file.districts),
        "postcodes": len(region_file.postcodes),
        "organisations": len(region_file.organisations),
        "teams": len(region_file.teams),
    }
