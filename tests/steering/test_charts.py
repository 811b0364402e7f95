"""The bar chart next to every table: values over too few children are marked, not drawn
to size."""

from __future__ import annotations

from jeugdmodel.steering.charts import bar_chart
from jeugdmodel.steering.figures import BY_KEY
from jeugdmodel.steering.selectors import Row, Table, Value


def _table(*values: Value) -> Table:
    rows = [Row(str(i), f"Wijk {i}", {"children_in_care": v}) for i, v in enumerate(values)]
    forty = Value("children_in_care", 40, "40", "shown")
    total = Row("totaal", "Totaal", {"children_in_care": forty}, is_total=True)
    return Table("t", "", [BY_KEY["children_in_care"]], [*rows, total], None)


def test_bars_are_sized_hidden_or_absent() -> None:
    chart = bar_chart(
        _table(
            Value("children_in_care", 30, "30", "shown"),
            Value("children_in_care", 15, "15", "shown"),
            Value("children_in_care", None, "te weinig", "too_few"),
            Value("children_in_care", None, "te weinig", "too_few"),
            Value("children_in_care", None, "—", "not_available"),
        ),
        "children_in_care",
        chart_id="g",
        title="Kinderen in zorg",
    )
    big, half, small, secondary, missing = chart.bars
    assert not big.hidden
    assert not half.hidden
    assert half.width * 2 in (big.width - 1, big.width, big.width + 1)
    assert small.hidden
    assert secondary.hidden
    assert small.width == secondary.width > 0
    assert not missing.hidden
    assert missing.width == 0
    # The text alternative names every value as the table shows it.
    assert "Wijk 2: te weinig" in chart.description
    assert "Wijk 4: —" in chart.description
