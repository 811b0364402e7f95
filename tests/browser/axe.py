"""Accessibility checks with axe-core in the page under test.

axe-core comes bundled with the `axe-playwright-python` package (`axe.min.js`), so nothing is
downloaded. It is injected with Playwright's `page.evaluate`, which goes through the DevTools
protocol: the page's Content-Security-Policy (no inline scripts) does not block it and it does
not show up as a CSP violation.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# What fails a test. "moderate" and "minor" findings are printed by `axe_report` but pass.
FAILING_IMPACTS: frozenset[str] = frozenset({"serious", "critical"})

# axe-core's default rule set: WCAG 2.x A/AA plus its best practices (landmarks, one h1, ...);
# AAA and experimental rules stay off. Only violations are sent back (the passes are large).
AXE_OPTIONS: dict[str, Any] = {"resultTypes": ["violations"]}

_axe = Axe()


def axe_violations(page: Page, *, context: str | None = None) -> list[dict[str, Any]]:
    """All axe-core violations on the page as it is now (any impact)."""
    results = _axe.run(page, context=context, options=AXE_OPTIONS)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def axe_report(violations: Sequence[Mapping[str, Any]]) -> str:
    """One block per rule: id, impact, help (with link) and each failing element."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact'}): "
            f"{violation.get('help', '')} <{violation.get('helpUrl', '')}>"
        )
        for node in violation.get("nodes", []):
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    target: {target}")
            html = " ".join(str(node.get("html", "")).split())
            if html:
                lines.append(f"      html: {html[:300]}")
            summary = " ".join(str(node.get("failureSummary", "")).split())
            if summary:
                lines.append(f"      why:  {summary[:500]}")
    return "\n".join(lines)


def axe_check(
    page: Page,
    *,
    context: str | None = None,
    impacts: Collection[str] = FAILING_IMPACTS,
) -> list[dict[str, Any]]:
    """Run axe-core on the page; fail on violations with a "serious" or "critical" impact.

    Returns the remaining (moderate/minor) violations, so a test can look at them too.
    """
    violations = axe_violations(page, context=context)
    failing = [v for v in violations if v.get("impact") in impacts]
    if failing:
        raise AssertionError(
            f"axe-core: {len(failing)} accessibility rule(s) with impact "
            f"{'/'.join(sorted(impacts))} fail on {page.url}\n{axe_report(failing)}"
        )
    return [v for v in violations if v not in failing]
