"""Machine-readable views of a comparison: one JSON document, or CSV rows of line items."""

from __future__ import annotations

import csv
import io
import json

from costcalc.comparison import Comparison
from costcalc.money import plain

CSV_COLUMNS = ("option", "kind", "item", "quantity", "unit", "rate", "daily", "monthly")


def comparison_json(comparison: Comparison) -> str:
    """``Comparison.to_dict()`` as indented JSON."""
    return json.dumps(comparison.to_dict(), indent=2)


def comparison_csv(comparison: Comparison) -> str:
    """One row per line item and a ``total`` row per option; exact decimals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for option in comparison.options:
        for item in option.items:
            writer.writerow(
                (
                    option.name,
                    option.kind.value,
                    item.name,
                    plain(item.quantity),
                    item.unit,
                    plain(item.rate),
                    plain(item.daily),
                    plain(item.monthly),
                )
            )
        writer.writerow(
            (option.name, option.kind.value, "total", "", "", "", plain(option.daily), plain(option.monthly))
        )
    return out.getvalue().rstrip("\n")
