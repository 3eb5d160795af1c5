"""The data behind ``costcalc plot``: every option's monthly cost over a range of request rates.

The drawing itself (matplotlib or plotext) is ``costcalc.render.chart``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from costcalc.catalog.model import PricingTable
from costcalc.errors import InputError
from costcalc.model.comparison import Comparison, compare
from costcalc.model.results import line_name
from costcalc.model.sweeps import MAX_POINTS, log_spaced
from costcalc.model.workload import Workload
from costcalc.money import exact
from costcalc.units import daily_from_monthly

MAX_MARKS = 12
"""Crossings marked on a chart; the JSON has them all."""
SPAN = Decimal(1000)
"""The chart runs from a thousandth of today's load to a thousand times it (wider to show every crossing)."""


@dataclass(frozen=True, slots=True)
class PlotData:
    """The lines and crossings to draw, in requests per day and dollars a month."""

    today_comparison: Comparison
    """The comparison at today's load: what the chart is of."""
    requests_per_day: tuple[Decimal, ...]
    lines: dict[str, tuple[Decimal, ...]]
    crossings: tuple[tuple[str, Decimal, Decimal], ...]
    """(server option, requests per day, monthly cost there)."""
    today: Decimal
    type_changes: tuple[tuple[Decimal, str], ...] = ()
    """Without --instance: where the ``servers`` line changes its cheapest type (requests per day, type)."""


@exact
def plot_data(workload: Workload, table: PricingTable, points: int = 60) -> PlotData:
    """Lambda and each server option of ``workload`` over a log range of request rates."""
    if not 2 <= points <= MAX_POINTS:
        raise InputError("points", f"must be between 2 and {MAX_POINTS}, got {points}")
    today = compare(workload, table)
    fixed = workload  # without --instance, every point takes the cheapest fleet there: the envelope
    per_day = daily_from_monthly(fixed.monthly_requests)
    crossings_at = [c.requests_per_day for b in today.break_even for c in b.crossings]
    low = min([per_day / SPAN, *(c / 2 for c in crossings_at)])
    high = max([per_day * SPAN, *(c * 2 for c in crossings_at)])
    rates = log_spaced(max(low, Decimal("0.001")), high, points)
    lines: dict[str, list[Decimal]] = {}
    changes: list[tuple[Decimal, str]] = []
    for rate in rates:
        point = _at(fixed, rate, table)
        for option in point.options:
            name = line_name(option, bool(workload.instances))
            lines.setdefault(name, []).append(option.monthly)
        if not workload.instances:
            kind = point.server_options[0].instance_type or ""
            if not changes or changes[-1][1] != kind:
                changes.append((rate, kind))
    marks = []
    for analysis in today.break_even:
        for crossing in analysis.crossings:
            at = _at(fixed, crossing.requests_per_day, table)
            # Under a Compute Savings Plan the crossing is with Lambda under the same plan.
            plan = analysis.option.partition("@")[2]
            lam = next((o for o in at.lambda_options if o.name == f"lambda@{plan}"), at.lambda_option)
            marks.append((analysis.option, crossing.requests_per_day, lam.monthly))
            if len(marks) >= MAX_MARKS:
                break
    return PlotData(
        today_comparison=today,
        requests_per_day=tuple(rates),
        lines={name: tuple(values) for name, values in lines.items()},
        crossings=tuple(marks),
        today=per_day,
        type_changes=tuple(changes),
    )


def _at(workload: Workload, per_day: Decimal, table: PricingTable) -> Comparison:
    return compare(dataclasses.replace(workload, rpd=per_day, rps=None, requests_per_month=None), table)
