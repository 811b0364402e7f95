"""Topics a request can be about; they match the expertise tags of professionals, which is
how assignment suggestions find "matching expertise"."""

from __future__ import annotations

TOPICS: list[str] = [
    "opvoedondersteuning",
    "angst en somberheid",
    "autisme",
    "adhd",
    "trauma",
    "huiselijk geweld",
    "licht verstandelijke beperking",
    "verslaving",
    "scheiding",
    "schoolverzuim",
    "jonge kinderen 0-4",
    "eetproblemen",
]
