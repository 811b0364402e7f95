from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def dictitem(mapping: Mapping[str, Any], key: str) -> Any:
    """`{{ row.values|dictitem:figure.key }}`: a value by a key held in a variable."""
    return mapping.get(key)


@register.simple_tag
def table_rows(table: Any) -> SafeString:
    """The body rows of a steering table, written in Python rather than in template tags:
    a national page has thousands of cells, and the template language spent most of the
    page's time on them (the markup is the same)."""
    too_few_title = escape(gettext("berekend over te weinig kinderen om te tonen"))
    keys = [(f.key, escape(f.key)) for f in table.figures]
    parts: list[str] = []
    for row in table.rows:
        total = " jm-row-total" if row.is_total else ""
        row_key = escape(row.key)
        parts.append(
            f'<tr class="utrecht-table__row{total}">\n'
            f'      <th scope="row" class="utrecht-table__header-cell">{escape(row.label)}</th>\n'
            "      "
        )
        for key, key_html in keys:
            value = row.values.get(key)
            status = getattr(value, "status", None)
            head = (
                '<td class="utrecht-table__cell utrecht-table__cell--numeric" '
                f'data-figure="{key_html}" data-row="{row_key}"'
            )
            shown = escape(value.display) if value is not None else ""
            if status == "too_few":
                parts.append(f'{head} title="{too_few_title}">{shown}</td>')
            else:
                parts.append(f"{head}>{shown}</td>")
        parts.append("\n    </tr>\n  ")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped  # nosec B308 B703


def _truncate(text: str, length: int) -> str:
    """As the `truncatechars` filter: at most `length` characters, the last an ellipsis."""
    return text if len(text) <= length else text[: length - 1] + "…"


@register.simple_tag
def chart_bars(chart: Any) -> SafeString:
    """The bars of a chart (label, bar, value), written in Python for the same reason as
    `table_rows`: one text, one rectangle and one value per row of the table."""
    parts: list[str] = []
    for bar in chart.bars:
        css = "jm-chart__bar jm-chart__bar--hidden" if bar.hidden else "jm-chart__bar"
        parts.append(
            f'<text x="{int(chart.label_x)}" y="{int(bar.text_y)}" class="jm-chart__label" '
            f'text-anchor="end">{escape(_truncate(str(bar.label), 28))}</text>\n    '
            f'<rect x="{int(chart.bar_x)}" y="{int(bar.y)}" width="{int(bar.width)}" '
            f'height="22" class="{css}"></rect>\n    '
            f'<text x="{int(chart.bar_x) + int(bar.width) + 6}" y="{int(bar.text_y)}" '
            f'class="jm-chart__value">{escape(bar.display)}</text>\n    '
        )
    return mark_safe("".join(parts))  # noqa: S308 - numbers, and escaped text  # nosec B308 B703
