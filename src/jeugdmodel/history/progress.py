"""Progress bars on stderr for a history import (lines read, rows written; then the
steering rebuild), shared by `history_import` and `demo_data`."""

from __future__ import annotations

import sys
from typing import Any

from django.utils.translation import gettext as _
from tqdm import tqdm


class ImportBars:
    """`lines` and `cells` are the import's progress callbacks; `close` ends both bars.
    Without a terminal (or when not `shown`) nothing is drawn."""

    def __init__(self, *, shown: bool = True) -> None:
        self.shown = shown and sys.stderr.isatty()
        self._bars: dict[str, tqdm[Any]] = {}

    def _bar(self, name: str, total: int, label: str) -> tqdm[Any]:
        bar = self._bars.get(name)
        if bar is None:
            for other in self._bars.values():
                other.close()
            bar = self._bars[name] = tqdm(
                total=total, desc=label, unit="", file=sys.stderr, leave=False
            )
        return bar

    def lines(self, done: int, total: int, written: int) -> None:
        if not self.shown:
            return
        bar = self._bar("lines", total, _("regels"))
        bar.update(done - bar.n)
        bar.set_postfix_str(_("%(rows)d rijen geschreven") % {"rows": written}, refresh=False)

    def cells(self, done: int, total: int) -> None:
        if not self.shown:
            return
        bar = self._bar("cells", total, _("stuurcijfers"))
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()
        self._bars.clear()
