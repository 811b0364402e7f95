"""Who a person is, for the access-log search: the audit app knows no families, so an app
that does registers how to turn what the privacy officer types (a BSN) into the internal
ids the log stores (`AccessLogSubject.subject_id`)."""

from __future__ import annotations

from collections.abc import Callable

SubjectResolver = Callable[[str], list[int]]

_resolvers: list[SubjectResolver] = []


def subject_resolver_register(resolver: SubjectResolver) -> None:
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def subjects_resolve(text: str) -> list[int]:
    """The internal ids of the person meant by `text`: a number of up to 9 digits that is
    a known BSN, else an internal id as it is."""
    text = text.strip()
    found: set[int] = set()
    for resolver in _resolvers:
        found.update(resolver(text))
    if not found and text.isdigit() and len(text) < 9:
        found.add(int(text))
    return sorted(found)
