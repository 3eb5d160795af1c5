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
from costcalc.model.sweeps import MAX_POINTS, log_spaced
from costcalc.model.workload import Workload
from costcalc.money import exact
from costcalc.units import daily_from_monthly

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


@exact
def plot_data(workload: Workload, table: PricingTable, points: int = 60) -> PlotData:
    """Lambda and each server option of ``workload`` over a log range of request rates."""
    if not 2 <= points <= MAX_POINTS:
        raise InputError("points", f"must be between 2 and {MAX_POINTS}, got {points}")
    today = compare(workload, table)
    servers = tuple(option.instance_type for option in today.server_options if option.instance_type)
    fixed = dataclasses.replace(workload, instances=servers)
    per_day = daily_from_monthly(fixed.monthly_requests)
    crossings_at = [c.requests_per_day for b in today.break_even for c in b.crossings]
    low = min([per_day / SPAN, *(c / 2 for c in crossings_at)])
    high = max([per_day * SPAN, *(c * 2 for c in crossings_at)])
    rates = log_spaced(max(low, Decimal("0.001")), high, points)
    lines: dict[str, list[Decimal]] = {}
    for rate in rates:
        for option in _at(fixed, rate, table).options:
            lines.setdefault(option.name, []).append(option.monthly)
    marks = []
    for analysis in today.break_even:
        for crossing in analysis.crossings:
            at = _at(fixed, crossing.requests_per_day, table)
            marks.append((analysis.option, crossing.requests_per_day, at.lambda_option.monthly))
    return PlotData(
        today_comparison=today,
        requests_per_day=tuple(rates),
        lines={name: tuple(values) for name, values in lines.items()},
        crossings=tuple(marks),
        today=per_day,
    )


def _at(workload: Workload, per_day: Decimal, table: PricingTable) -> Comparison:
    return compare(dataclasses.replace(workload, rpd=per_day, rps=None, requests_per_month=None), table)
