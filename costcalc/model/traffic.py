"""The shape of traffic over a day or a week, and fleets scheduled hour by hour to follow it.

A ``TrafficShape`` holds 24 hourly values (a day, 00:00 first) or 168 (a week,
Monday 00:00 first). They are request counts (a measured series, which also
gives the volume) or relative weights (``--hourly``, which give only the
shape). Either way an hour's share of the period's requests is its value over
the total; the values themselves are kept rather than normalised shares,
because shares such as 1/3 have no exact decimal form and their sum would miss
1 in the last digit. Everything is ``Decimal`` in the exact context.

A month is 730 hours (``costcalc.units``), so each hour of a day profile
occurs 730/24 times a month and each hour of a week profile 730/168 times.

``hourly_fleet`` and ``instance_hours`` size servers hour by hour with the
same rule as an always-on fleet (``fleet_rule.instances_needed``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, NamedTuple

from costcalc.errors import InputError
from costcalc.model.fleet_rule import instances_needed
from costcalc.model.numbers_in import NumberLike, to_decimal
from costcalc.money import exact
from costcalc.units import HOURS_PER_DAY, HOURS_PER_MONTH, SECONDS_PER_MONTH, monthly_from_daily

Period = Literal["day", "week"]
DAYS_PER_WEEK = 7
HOURS_PER_WEEK = HOURS_PER_DAY * DAYS_PER_WEEK
HOURS_IN: dict[Period, int] = {"day": int(HOURS_PER_DAY), "week": int(HOURS_PER_WEEK)}
"""Hours in each period a shape can cover: its number of values."""
PERIOD_OF: dict[int, Period] = {hours: period for period, hours in HOURS_IN.items()}
DAYS_IN: dict[Period, int] = {"day": 1, "week": DAYS_PER_WEEK}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ZERO = Decimal(0)


class HourOfPeriod(NamedTuple):
    """One hour of a day or week profile: its index from 0 and how people read it."""

    hour: int
    """0 to 23 in a day, 0 (Monday 00:00) to 167 in a week."""
    label: str
    """``14:00`` in a day, ``Mon 14:00`` in a week."""


def hour_label(index: int, period: Period) -> str:
    """``14:00`` for hour 14 of a day; ``Tue 02:00`` for hour 26 of a week (Monday 00:00 is hour 0)."""
    if not 0 <= index < HOURS_IN[period]:
        raise ValueError(f"hour {index} is not in a {period}")
    clock = f"{index % 24:02d}:00"
    return clock if period == "day" else f"{WEEKDAYS[index // 24]} {clock}"


def check_hourly(values: Iterable[NumberLike], field: str = "hourly") -> tuple[Decimal, ...]:
    """24 or 168 finite values, each at least 0 and not all 0, as ``Decimal``; else an ``InputError``.

    ``field`` names the input in the message (``hourly`` for ``--hourly`` and a workload's ``hourly:``).
    """
    numbers: list[Decimal] = []
    for position, value in enumerate(values, start=1):
        try:
            number = to_decimal(field, value)
        except InputError as exc:
            raise InputError(field, f"value {position}: {exc.message}") from None
        if number < 0:
            raise InputError(field, f"value {position}: expected a number of at least 0, got {number}")
        numbers.append(number)
    if len(numbers) not in PERIOD_OF:
        raise InputError(field, f"expected 24 or 168 values (a day or a week), got {len(numbers)}")
    if not any(numbers):
        raise InputError(field, f"all {len(numbers)} values are zero: a shape needs some traffic")
    return tuple(numbers)


@dataclass(frozen=True, slots=True)
class TrafficShape:
    """How a day's or a week's requests spread over its hours, and their volume when it is known."""

    hourly: tuple[Decimal, ...]
    """24 values (00:00 first) or 168 (Monday 00:00 first): requests, or relative weights, in each hour."""
    requests_per_day: Decimal | None
    """The volume the series implies (its total over 1 or 7 days); None when it gives only a shape."""
    source: str
    """Where the shape came from, for messages and reports: a file name, or ``--hourly``."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "hourly", check_hourly(self.hourly))  # normalising a frozen field
        if self.requests_per_day is not None:
            volume = to_decimal("requests_per_day", self.requests_per_day)
            if volume <= 0:
                raise InputError("requests_per_day", f"expected a number greater than 0, got {volume}")
            object.__setattr__(self, "requests_per_day", volume)

    @classmethod
    def from_weights(cls, values: Iterable[NumberLike], source: str = "--hourly") -> TrafficShape:
        """A shape from relative weights (any scale): it carries no volume.

        Refuses, as ``InputError("hourly", ...)``, anything but 24 or 168 finite values of at least 0
        that are not all 0.
        """
        return cls(check_hourly(values), None, source)

    @classmethod
    @exact
    def from_counts(cls, values: Iterable[NumberLike], source: str) -> TrafficShape:
        """A shape from request counts per hour of a day or week, which also gives the daily volume."""
        counts = check_hourly(values)
        total = sum(counts, ZERO)
        return cls(counts, total / DAYS_IN[PERIOD_OF[len(counts)]], source)

    @property
    def period(self) -> Period:
        """``day`` for 24 values, ``week`` for 168."""
        return PERIOD_OF[len(self.hourly)]

    @property
    @exact
    def total(self) -> Decimal:
        """The sum of the hourly values: the period's requests, or the weights' scale."""
        return sum(self.hourly, ZERO)

    @property
    @exact
    def weights(self) -> tuple[Decimal, ...]:
        """Each hour's share of the period's requests, to 34 significant digits.

        Their sum can miss 1 in the last digit (1/3 has no exact decimal); calculations
        divide by ``total`` instead of adding shares up.
        """
        total = self.total
        return tuple(value / total for value in self.hourly)

    @property
    @exact
    def peak_to_mean(self) -> Decimal:
        """The busiest hour's share over the mean hour's share: max value x hours / total."""
        return max(self.hourly) * len(self.hourly) / self.total

    @property
    def busiest_hour(self) -> HourOfPeriod:
        """The hour with the most requests (the earliest, on a tie)."""
        index = max(range(len(self.hourly)), key=lambda i: (self.hourly[i], -i))
        return HourOfPeriod(index, hour_label(index, self.period))

    @property
    def quietest_hour(self) -> HourOfPeriod:
        """The hour with the fewest requests (the earliest, on a tie)."""
        index = min(range(len(self.hourly)), key=lambda i: (self.hourly[i], i))
        return HourOfPeriod(index, hour_label(index, self.period))

    @property
    def requests_per_month(self) -> Decimal | None:
        """The volume over a 730-hour month, when the series gives one."""
        if self.requests_per_day is None:
            return None
        return monthly_from_daily(self.requests_per_day)

    @exact
    def hourly_requests(self, monthly_requests: Decimal) -> tuple[Decimal, ...]:
        """Requests per second in each hour of the period, for ``monthly_requests`` spread by this shape.

        Hour ``h`` gets ``monthly x value(h) / total`` requests a month. It recurs 730/24 times
        a month in a day profile (730/168 in a week profile), each time for 3,600 seconds, so its
        rate is ``monthly x value(h) x hours in the period / (total x 730 x 3,600)``. A flat shape
        gives every hour the month's average rate.
        """
        monthly = to_decimal("requests_per_month", monthly_requests)
        if monthly < 0:
            raise InputError("requests_per_month", f"expected a number of at least 0, got {monthly}")
        per_share = monthly * len(self.hourly)
        seconds = self.total * SECONDS_PER_MONTH
        return tuple(per_share * value / seconds for value in self.hourly)


@exact
def hourly_fleet(
    demand_vcpus_per_hour: Sequence[Decimal],
    usable_vcpus: Decimal,
    utilization: Decimal,
    headroom: Decimal,
    minimum: int,
) -> tuple[int, ...]:
    """Instances to run in each hour, when a schedule resizes the fleet every hour.

    count(h) = max(minimum, ceil(demand(h) x (1 + headroom) / (usable vCPUs x utilization))):
    the always-on rule (``fleet_rule.instances_needed``) applied to each hour's own demand,
    with ``headroom`` (0.2 for 20%) on top, since a schedule set from an average week has no
    margin for a busier one. ``demand(h)`` is the vCPUs busy in hour h; ``usable_vcpus`` is
    what one instance can keep busy (a burstable type's baseline share included).
    """
    if usable_vcpus <= 0:
        raise InputError("usable_vcpus", f"expected a number greater than 0, got {usable_vcpus}")
    if utilization <= 0:
        raise InputError("utilization", f"expected a number greater than 0, got {utilization}")
    if headroom < 0:
        raise InputError("headroom", f"expected a number of at least 0, got {headroom}")
    if minimum < 0:
        raise InputError("min_instances", f"expected a whole number of at least 0, got {minimum}")
    floor = Decimal(minimum)
    counts: list[int] = []
    for hour, demand in enumerate(demand_vcpus_per_hour):
        if not demand.is_finite() or demand < 0:
            raise InputError("demand", f"hour {hour}: expected a finite number of at least 0, got {demand}")
        counts.append(int(instances_needed(demand * (1 + headroom) / utilization, usable_vcpus, floor)))
    return tuple(counts)


@exact
def instance_hours(counts: Sequence[int], period: Period) -> Decimal:
    """Instance-hours a month of a fleet that runs ``counts[h]`` instances in hour h of ``period``.

    Each hour of a day recurs 730/24 times a month, each hour of a week 730/168 times, so the
    month is ``sum(counts) x 730 / hours in the period``: 3 instances all day is 3 x 730.
    """
    hours = HOURS_IN[period]
    if len(counts) != hours:
        raise ValueError(f"a {period} has {hours} hours, got {len(counts)} counts")
    return Decimal(sum(counts)) * HOURS_PER_MONTH / hours
