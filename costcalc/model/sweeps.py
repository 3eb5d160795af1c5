"""Sweeps: the cost of every option over a range of request rates, or of memory sizes.

Request rates are log-spaced. Memory changes a function's duration, so a
memory sweep takes measured (memory, duration) pairs and interpolates linearly
between them, as AWS Lambda Power Tuning measures them; it never extrapolates.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from costcalc.catalog.model import PricingTable
from costcalc.errors import InputError
from costcalc.model.comparison import Comparison, compare
from costcalc.model.results import CostOption, line_name
from costcalc.model.workload import DurationOn, NumberLike, Workload, to_decimal
from costcalc.money import EXACT, exact, plain
from costcalc.notebook import NotebookView
from costcalc.units import daily_from_monthly

MAX_POINTS = 1000
AUTO_SERVER = "servers"
"""The column of the cheapest server type at each point, when no --instance is given."""


@dataclass(frozen=True, slots=True)
class SweepPoint:
    """Every option's monthly cost at one request rate and memory size."""

    requests_per_day: Decimal
    memory_mb: Decimal
    ms: Decimal
    comparison: Comparison

    @property
    def monthly(self) -> dict[str, Decimal]:
        """Monthly cost by option name."""
        return {option.name: option.monthly for option in self.comparison.options}

    @property
    def cheapest(self) -> str:
        """The cheapest option's name."""
        return self.comparison.cheapest.name

    def to_dict(self) -> dict[str, Any]:
        """``{requests_per_day, memory_mb, ms, monthly: {option: decimal}, cheapest}``."""
        return {
            "requests_per_day": plain(self.requests_per_day),
            "memory_mb": plain(self.memory_mb),
            "ms": plain(self.ms),
            "monthly": {name: plain(value) for name, value in self.monthly.items()},
            "cheapest": self.cheapest,
        }


@dataclass(frozen=True, slots=True)
class Sweep(NotebookView):
    """A sweep over request rates or memory sizes."""

    varies: str
    """``requests_per_day`` or ``memory_mb``."""
    pricing_name: str
    points: tuple[SweepPoint, ...]
    fixed_servers: bool
    """True when the server types were given; False when each point takes the cheapest type."""

    __repr__ = NotebookView.__repr__  # one line, not the dataclass's dump of every field

    def columns(self) -> list[str]:
        """Option columns: lambda, then each server type, or one column of the cheapest type (a column
        per purchase option either way: ``servers@spot``)."""
        return [self.column_of(option) for option in self.points[0].comparison.options]

    def column_of(self, option: CostOption) -> str:
        """The column of an option: its name, or its kind for the cheapest type at each point."""
        return line_name(option, self.fixed_servers)


def log_spaced(low: Decimal, high: Decimal, count: int) -> list[Decimal]:
    """``count`` points from ``low`` to ``high``, evenly spaced on a log scale, ends exact."""
    ratio = EXACT.ln(high / low)
    middle = [EXACT.exp(ratio * i / (count - 1)) * low for i in range(1, count - 1)]
    return [low, *middle, high]


@exact
def interpolate_ms(memory: Decimal, ms_at: Mapping[Decimal, Decimal]) -> Decimal:
    """Duration at ``memory``, linear between the two nearest measured sizes; outside them is an error."""
    sizes = sorted(ms_at)
    if not sizes[0] <= memory <= sizes[-1]:
        raise InputError(
            "memory_range",
            f"{plain(memory)} MB is outside the --ms-at sizes ({plain(sizes[0])} to "
            f"{plain(sizes[-1])} MB); add a measurement that covers it",
        )
    for lo, hi in itertools.pairwise(sizes):
        if lo <= memory <= hi:
            return ms_at[lo] + (ms_at[hi] - ms_at[lo]) * (memory - lo) / (hi - lo)
    return ms_at[sizes[0]]  # a single measured size, asked for exactly


def _range(field: str, bounds: tuple[NumberLike, NumberLike]) -> tuple[Decimal, Decimal]:
    """``bounds`` as exact decimals, with 0 < LOW < HIGH; any number ``Workload`` takes is accepted."""
    if not isinstance(bounds, (tuple, list)) or len(bounds) != 2:
        raise InputError(field, f"expected a pair (LOW, HIGH), got {repr(bounds)[:40]}")
    low, high = (to_decimal(field, bound) for bound in bounds)
    if low <= 0 or high <= low:
        raise InputError(field, f"expected LOW:HIGH with 0 < LOW < HIGH, got {plain(low)}:{plain(high)}")
    return low, high


@exact
def sweep(
    workload: Workload,
    table: PricingTable,
    *,
    rpd_range: tuple[NumberLike, NumberLike] | None = None,
    memory_range: tuple[NumberLike, NumberLike] | None = None,
    points: int = 25,
    ms_at: Mapping[Any, NumberLike] | None = None,
) -> Sweep:
    """Every option's cost at ``points`` request rates (``rpd_range``) or memory sizes (``memory_range``)."""
    if (rpd_range is None) == (memory_range is None):
        raise InputError("rpd_range", "give exactly one of --rpd-range and --memory-range")
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= MAX_POINTS:
        raise InputError("points", f"must be between 2 and {MAX_POINTS}, got {points}")
    at: list[Workload] = []
    if rpd_range is not None:
        rates = [
            rate.to_integral_value(rounding=ROUND_HALF_EVEN)
            for rate in log_spaced(*_range("rpd_range", rpd_range), points)
        ]
        at = [
            dataclasses.replace(workload, rpd=rate, rps=None, requests_per_month=None)
            for rate in dict.fromkeys(rates)
        ]
    else:
        assert memory_range is not None
        low, high = _range("memory_range", memory_range)
        exact_ms_at = {
            to_decimal("ms_at", size): to_decimal("ms_at", ms) for size, ms in (ms_at or {}).items()
        }
        on_server = workload.duration_on is DurationOn.SERVER
        if on_server and ms_at:
            raise InputError(
                "ms_at", "--ms-at gives durations measured on Lambda; with --duration-on server, --ms is used"
            )
        if not on_server and not ms_at:
            raise InputError(
                "ms_at",
                "a memory sweep needs --ms-at MEMORY=MS pairs (duration changes with memory), "
                "or --duration-on server with --ms measured on a server",
            )
        limits = table.lambda_.memory_mb
        sizes = []
        for size in log_spaced(low, high, points):
            steps = ((size - limits.minimum) / limits.step).to_integral_value(rounding=ROUND_HALF_EVEN)
            sizes.append(min(max(limits.minimum + steps * limits.step, limits.minimum), limits.maximum))
        # Lambda's memory is what varies; the app's memory on a server, which decides the types, does not.
        at = [
            dataclasses.replace(
                workload,
                memory=size,
                ms=interpolate_ms(size, exact_ms_at) if exact_ms_at else workload.ms,
                server_memory=workload.fit_memory,
            )
            for size in dict.fromkeys(sizes)
        ]
    results = tuple(
        SweepPoint(
            point.rpd if point.rpd is not None else daily_from_monthly(point.monthly_requests),
            point.memory,
            point.ms,
            compare(point, table),
        )
        for point in at
    )
    return Sweep(
        "requests_per_day" if rpd_range else "memory_mb", table.name, results, bool(workload.instances)
    )
