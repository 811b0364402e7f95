"""Hypothesis strategies for every iJw message, derived from the generated dataclasses.

Each field's XSD facets (pattern, length, range, enumeration, occurrence) are in the
dataclass metadata; the strategy draws values inside them, so what it makes is what a
correct sender could send.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date, time
from functools import cache
from typing import Any

from hypothesis import strategies as st

from jeugdmodel.ijw.codec import message_class

DATE_PATTERN = r"[^:Z]*"
TIME_PATTERN = r"[^Z+-]+"
PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


def _dates() -> st.SearchStrategy[str]:
    return st.dates(date(1990, 1, 1), date(2030, 12, 31)).map(date.isoformat)


def _times() -> st.SearchStrategy[str]:
    return st.times(time(0, 0), time(23, 59, 59)).map(
        lambda t: t.replace(microsecond=0).isoformat()
    )


def _string(meta: dict[str, Any]) -> st.SearchStrategy[str]:
    pattern = meta.get("pattern")
    min_length = meta.get("min_length", 1)
    max_length = meta.get("max_length", 20)
    if pattern == DATE_PATTERN:
        return _dates()
    if pattern == TIME_PATTERN:
        return _times()
    if pattern and pattern != r".*[^\s].*":
        return st.from_regex(pattern, fullmatch=True, alphabet=PRINTABLE).filter(
            lambda s: min_length <= len(s) <= max_length and s == s.strip()
        )
    size = st.integers(max(1, min_length), max(1, min(max_length, 12)))
    return size.flatmap(
        lambda n: st.text(
            alphabet=st.sampled_from(
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            ),
            min_size=n,
            max_size=n,
        )
    )


def _int(meta: dict[str, Any]) -> st.SearchStrategy[int]:
    pattern = meta.get("pattern")
    if pattern and pattern.isdigit():
        return st.just(int(pattern))
    return st.integers(meta.get("min_inclusive", 0), meta.get("max_inclusive", 999_999))


def _for_type(tp: Any, meta: dict[str, Any]) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return st.one_of(st.none(), _for_type(inner[0], meta))
    if origin is tuple:
        (inner, _ellipsis) = typing.get_args(tp)
        low = meta.get("min_occurs", 0)
        high = min(meta.get("max_occurs", 3), low + 2)
        return st.lists(_for_type(inner, meta), min_size=low, max_size=high).map(tuple)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if tp is str:
        return _string(meta)
    if tp is int:
        return _int(meta)
    if dataclasses.is_dataclass(tp):
        return dataclass_strategy(tp)
    raise TypeError(f"no strategy for {tp!r}")


@cache
def dataclass_strategy(cls: type[Any]) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for f in dataclasses.fields(cls):
        fields[f.name] = st.deferred(
            lambda tp=hints[f.name], meta=dict(f.metadata): _for_type(tp, meta)
        )
    return st.builds(cls, **fields)


def message_strategy(name: str) -> st.SearchStrategy[Any]:
    """Any message of type ``name`` within its XSD facets (e.g. ``"JW305"``)."""
    return dataclass_strategy(message_class(name))
