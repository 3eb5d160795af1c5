"""Lambda provisioned concurrency: how many requests it serves, and its share of the bill.

AWS bills configured concurrency per GB-second for as long as it is enabled
(N x memory GB x enabled seconds x the capacity rate), and bills the requests
the provisioned environments serve at a lower duration rate; requests beyond
their capacity run on demand at the usual rate (aws.amazon.com/lambda/pricing/,
"Provisioned Concurrency Pricing"). The free tier covers requests and
on-demand GB-seconds, never the provisioned ones, as AWS's worked example
applies it.

What the environments serve is worked out from ``EnabledStretch`` es: parts
of the month with provisioned concurrency on, each with its request rate and
configured concurrency. Flat traffic is one stretch (``provisioned_hours`` at
the month's average rate); a traffic curve gives one stretch per scheduled
hour of its profile, each with its own rate (and, for ``auto``, its own N).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from costcalc.catalog.model import PricingTable, ProvisionedPrices
from costcalc.errors import InputError
from costcalc.model.cpu import lambda_ms
from costcalc.model.workload import AUTO, Workload
from costcalc.money import exact, format_quantity, plain
from costcalc.units import HOURS_PER_MONTH, MB_PER_GB, MS_PER_SECOND, SECONDS_PER_HOUR, SECONDS_PER_MONTH

ZERO = Decimal(0)
ONE = Decimal(1)


class EnabledStretch(NamedTuple):
    """Part of the month with provisioned concurrency enabled, at one request rate."""

    hours: Decimal
    """Hours a month it lasts."""
    requests_per_second: Decimal
    """The average request rate during it."""
    concurrency: Decimal
    """Execution environments configured during it."""
    per: int = 1
    """``hours`` is over this many: an hour of a day profile recurs 730/24 times a month, which no
    decimal holds exactly, so sums are taken over ``hours`` and divided once."""


class ProvisionedPlan(NamedTuple):
    """Provisioned concurrency as a workload sets it, resolved against its traffic."""

    stretches: tuple[EnabledStretch, ...]
    share: Decimal
    """The share of the month's requests the provisioned environments serve."""
    share_given: bool
    """True when ``--provisioned-share`` fixed the share; False when it was derived."""

    @property
    def concurrency_hours(self) -> Decimal:
        """Configured environments x hours enabled, over the month."""
        return _exact_sum([(s.concurrency * s.hours, s.per) for s in self.stretches])


def billed_seconds_each(workload: Workload, table: PricingTable) -> Decimal:
    """One invocation's billed duration in seconds (rounded up to the billing increment)."""
    increment = table.lambda_.billing_increment_ms
    steps, part = divmod(lambda_ms(workload, table), increment)
    return (steps + (1 if part else 0)) * increment / MS_PER_SECOND


def auto_concurrency(requests_per_second: Decimal, billed_seconds: Decimal) -> Decimal:
    """``auto``: the average concurrency (requests a second x billed seconds each), rounded up."""
    steps, part = divmod(requests_per_second * billed_seconds, 1)
    return max(steps + (1 if part else 0), ONE)


@exact
def served_requests(stretches: Sequence[EnabledStretch], billed_seconds: Decimal) -> Decimal:
    """Requests a month the provisioned environments serve: in each stretch, all up to their capacity.

    N environments serve N / billed seconds requests a second; the rest spill to on-demand.
    """
    return _exact_sum(
        [
            (s.hours * SECONDS_PER_HOUR * min(s.requests_per_second, s.concurrency / billed_seconds), s.per)
            for s in stretches
        ]
    )


def _exact_sum(terms: Sequence[tuple[Decimal, int]]) -> Decimal:
    """The sum of numerators over their divisors, each divisor applied once to its group's sum."""
    groups: dict[int, Decimal] = {}
    for value, per in terms:
        groups[per] = groups.get(per, ZERO) + value
    return sum((total / per for per, total in groups.items()), ZERO)


@exact
def flat_stretches(workload: Workload, table: PricingTable) -> tuple[EnabledStretch, ...]:
    """Flat traffic: one stretch of ``provisioned_hours`` at the month's average request rate."""
    rate = workload.monthly_requests / SECONDS_PER_MONTH
    given = workload.provisioned_concurrency
    concurrency = (
        auto_concurrency(rate, billed_seconds_each(workload, table)) if given == AUTO else Decimal(str(given))
    )
    return (EnabledStretch(workload.provisioned_hours, rate, concurrency),)


@exact
def curve_stretches(workload: Workload, table: PricingTable) -> tuple[EnabledStretch, ...]:
    """A traffic shape: one stretch per enabled hour of its day or week, at that hour's rate.

    Each hour of the period recurs 730 / (24 or 168) times a month. ``auto`` gives each hour its
    own N, its average concurrency rounded up. Enabled hours are ``--provisioned-hours FROM-TO``
    of every day, or all of them.
    """
    shape = workload.shape
    assert shape is not None
    window = workload.provisioned_window
    if window is None and workload.provisioned_hours != HOURS_PER_MONTH:
        raise InputError(
            "provisioned_hours", "with a traffic shape, give the enabled hours of the day, such as 8-20"
        )
    rates = shape.hourly_requests(workload.monthly_requests)
    billed = billed_seconds_each(workload, table)
    given = workload.provisioned_concurrency
    return tuple(
        EnabledStretch(
            HOURS_PER_MONTH,
            rate,
            auto_concurrency(rate, billed) if given == AUTO else Decimal(str(given)),
            len(rates),
        )
        for hour, rate in enumerate(rates)
        if window is None or window[0] <= hour % 24 < window[1]
    )


@exact
def provisioned_plan(workload: Workload, table: PricingTable) -> ProvisionedPlan | None:
    """The workload's provisioned concurrency, or None when it has none."""
    if workload.provisioned_concurrency is None:
        return None
    if workload.shape is not None:
        stretches = curve_stretches(workload, table)
    else:
        stretches = flat_stretches(workload, table)
    if workload.provisioned_share is not None:
        return ProvisionedPlan(stretches, workload.provisioned_share, True)
    served = served_requests(stretches, billed_seconds_each(workload, table))
    return ProvisionedPlan(stretches, served / workload.monthly_requests, False)


def provisioned_prices(table: PricingTable, workload: Workload) -> ProvisionedPrices:
    """The table's provisioned-concurrency rates for the workload's region and architecture, or an error."""
    region = table.lambda_.regions[workload.region]
    prices = region.archs[workload.arch].provisioned
    if prices is None:
        raise InputError(
            "provisioned_concurrency",
            f"pricing table {table.name} has no provisioned-concurrency prices for {workload.arch.value} "
            f"Lambda in {workload.region}; `costcalc pricing import` of AWS's AWSLambda offer file adds them",
        )
    return prices


def capacity_gb_seconds(plan: ProvisionedPlan, memory_mb: Decimal) -> Decimal:
    """GB-seconds of configured concurrency a month: N x memory GB x hours enabled x 3,600 s."""
    return plan.concurrency_hours * SECONDS_PER_HOUR * memory_mb / MB_PER_GB


def fixed_workload(workload: Workload, table: PricingTable) -> Workload:
    """The workload with ``auto`` replaced by today's N, so that N stays put as the request rate varies."""
    if workload.provisioned_concurrency != AUTO:
        return workload
    (stretch,) = flat_stretches(workload, table)
    return dataclasses.replace(workload, provisioned_concurrency=int(stretch.concurrency))


@exact
def full_capacity_requests(workload: Workload, table: PricingTable) -> Decimal | None:
    """Monthly requests above which a fixed N is full, so the derived share stops growing; else None."""
    if workload.provisioned_concurrency in (None, AUTO) or workload.provisioned_share is not None:
        return None
    billed = billed_seconds_each(workload, table)
    return Decimal(str(workload.provisioned_concurrency)) * SECONDS_PER_MONTH / billed


@exact
def requests_for_on_demand(workload: Workload, table: PricingTable, on_demand: Decimal) -> Decimal | None:
    """The monthly requests at which ``on_demand`` of them run on demand (None if never), N held fixed.

    Below full capacity the provisioned environments serve hours/730 of the requests, above it
    a fixed number: on-demand requests are piecewise linear in the total, and this inverts it.
    """
    if workload.provisioned_concurrency is None:
        return on_demand
    if workload.provisioned_share is not None:
        return on_demand / (1 - workload.provisioned_share) if workload.provisioned_share < 1 else None
    enabled = workload.provisioned_hours / HOURS_PER_MONTH
    full = full_capacity_requests(workload, table)
    assert full is not None  # ``auto`` was fixed first
    if enabled < 1 and on_demand / (1 - enabled) <= full:
        return on_demand / (1 - enabled)
    return on_demand + enabled * full


@exact
def provisioned_line(workload: Workload, table: PricingTable) -> str:
    """The assumptions line: N and how it was set, the hours, the share and how it was derived."""
    plan = provisioned_plan(workload, table)
    assert plan is not None
    if workload.shape is not None:
        return _curve_line(workload, plan)
    (stretch,) = plan.stretches
    billed = billed_seconds_each(workload, table)
    average = stretch.requests_per_second * billed
    n = format_quantity(stretch.concurrency, 0)
    if workload.provisioned_concurrency == AUTO:
        n += (
            f" (auto: the average concurrency, {format_quantity(stretch.requests_per_second)} requests a "
            f"second x {plain(billed)} s billed = {format_quantity(average)}, rounded up to a whole number)"
        )
    hours = plain(workload.provisioned_hours)
    if plan.share_given:
        how = "as given (--provisioned-share)"
    else:
        how = (
            f"derived: requests spread evenly over the month, those in the {hours} enabled hours "
            f"served up to capacity, min(1, N / average concurrency {format_quantity(average)})"
        )
    return (
        f"Provisioned concurrency: N = {n}, enabled {hours} of {plain(HOURS_PER_MONTH)} hours a month; "
        f"it serves {format_quantity(plan.share * 100)}% of requests ({how}), the rest run on demand. "
        "The free tier covers requests and on-demand GB-s only. Break-even holds N at today's value."
    )


def _curve_line(workload: Workload, plan: ProvisionedPlan) -> str:
    """The assumptions line under a traffic shape: N by hour, the enabled hours, the share served."""
    counts = [s.concurrency for s in plan.stretches]
    if workload.provisioned_concurrency == AUTO:
        n = (
            f"auto, each enabled hour's average concurrency rounded up ({format_quantity(min(counts), 0)} "
            f"to {format_quantity(max(counts), 0)})"
        )
    else:
        n = format_quantity(counts[0], 0)
    window = workload.provisioned_window
    hours = f"{window[0]:02d}:00 to {window[1]:02d}:00 each day" if window else "all hours"
    how = (
        "as given (--provisioned-share)"
        if plan.share_given
        else "derived hour by hour from the traffic shape: min(1, N / that hour's concurrency)"
    )
    return (
        f"Provisioned concurrency: N = {n}, enabled {hours} ({plain(workload.provisioned_hours)} hours a "
        f"month); it serves {format_quantity(plan.share * 100)}% of requests ({how}), the rest run on "
        "demand. "
        "The free tier covers requests and on-demand GB-s only. Break-even is not solved with provisioned "
        "concurrency under a traffic shape."
    )
