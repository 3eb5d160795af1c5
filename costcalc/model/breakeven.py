"""Break-even: the request rates at which Lambda and a server option cost the same, solved exactly.

Lambda's monthly cost is piecewise linear in the monthly request count N: its
slope changes only where a free allowance runs out or a volume tier begins.
A server option costs H x max(min instances, ceil(N / per-instance requests))
plus, with an ALB, a fixed part and a part linear in N: a staircase. On each
piece where Lambda is linear, every flat step of the staircase is solved for
the crossing, and every jump is checked for a change of sign. Nothing is
sampled; Lambda's cost is taken from the model itself at the piece ends.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from costcalc.catalog.model import PricingTable
from costcalc.model.lambda_cost import account_lambda_costs, gateway_tiers, lambda_prices, lambda_usage
from costcalc.model.results import CostOption
from costcalc.model.server_cost import balancer_rates, requests_per_instance
from costcalc.model.workload import MAX_REQUESTS_PER_SECOND, Workload
from costcalc.money import EXACT, exact, plain
from costcalc.units import HOURS_PER_MONTH, SECONDS_PER_MONTH, daily_from_monthly

ZERO = Decimal(0)
MAX_REQUESTS_PER_MONTH = MAX_REQUESTS_PER_SECOND * SECONDS_PER_MONTH
MAX_STEPS = 10_000
"""Staircase steps examined per linear piece; beyond it the costs track each other too closely to list."""


@dataclass(frozen=True, slots=True)
class Crossing:
    """A request rate at which Lambda and a server option cost the same."""

    option: str
    requests_per_month: Decimal
    lambda_cheaper_below: bool
    """True where Lambda stops being the cheaper one; False where it becomes cheaper again (a server step)."""
    today: Decimal
    """Today's monthly requests, for the load multiple."""

    @property
    def requests_per_day(self) -> Decimal:
        """Requests a day at the crossing."""
        return daily_from_monthly(self.requests_per_month)

    @property
    def requests_per_second(self) -> Decimal:
        """Average requests a second at the crossing."""
        return EXACT.divide(self.requests_per_month, SECONDS_PER_MONTH)

    @property
    def load_multiple(self) -> Decimal:
        """The crossing as a multiple of today's load."""
        return EXACT.divide(self.requests_per_month, self.today)

    def to_dict(self) -> dict[str, Any]:
        """``{option, requests_per_day, requests_per_second, load_multiple, lambda_cheaper_below}``."""
        return {
            "option": self.option,
            "requests_per_day": plain(self.requests_per_day),
            "requests_per_second": plain(self.requests_per_second),
            "load_multiple": plain(self.load_multiple),
            "lambda_cheaper_below": self.lambda_cheaper_below,
        }


@dataclass(frozen=True, slots=True)
class BreakEven:
    """Every crossing between Lambda and one server option, from zero to 10 million requests a second."""

    option: str
    crossings: tuple[Crossing, ...]
    near_parity: bool = False
    """The costs track each other so closely that not every crossing is listed."""


@exact
def break_even(workload: Workload, table: PricingTable, server: CostOption) -> BreakEven:
    """Where Lambda's cost and ``server``'s cross as the request rate varies, all else as in ``workload``."""
    assert server.instance_type is not None
    offer = table.ec2.offer(workload.region, server.instance_type)
    assert offer is not None
    per_instance = requests_per_instance(workload, offer.instance)
    instance_month = HOURS_PER_MONTH * offer.hourly.amount
    fixed, per_request = ZERO, ZERO
    if workload.load_balancer:
        fixed, per_request = balancer_rates(table.load_balancer[workload.region])
    points = _lambda_breakpoints(workload, table)
    costs = [_lambda_monthly(workload, table, n) for n in points]
    found: list[tuple[Decimal, bool]] = []
    near_parity = False
    for (p, lp), (q, lq) in zip(
        zip(points, costs, strict=True), zip(points[1:], costs[1:], strict=True), strict=False
    ):
        slope = (lq - lp) / (q - p)
        # D(N) = Lambda - ALB = d0 + d1 N, against the staircase H x max(m, ceil(N / u)).
        d1 = slope - per_request
        d0 = lp - slope * p - fixed
        more, capped = _crossings(d0, d1, p, q, instance_month, per_instance, workload.min_instances)
        found += more
        near_parity |= capped
    today = workload.monthly_requests
    unique: dict[Decimal, bool] = {}
    for n, below in sorted(found):
        if n > 0 and n not in unique:
            unique[n] = below
    crossings = tuple(Crossing(server.name, n, below, today) for n, below in unique.items())
    return BreakEven(server.name, crossings, near_parity)


def _lambda_monthly(workload: Workload, table: PricingTable, requests: Decimal) -> Decimal:
    if requests == 0:
        return ZERO
    at = dataclasses.replace(workload, rpd=None, rps=None, requests_per_month=requests)
    return account_lambda_costs([at], table)[0].monthly


def _lambda_breakpoints(workload: Workload, table: PricingTable) -> list[Decimal]:
    """0, every N where a free allowance runs out or a tier begins, and the top of the range."""
    one = lambda_usage(
        dataclasses.replace(workload, rpd=None, rps=None, requests_per_month=Decimal(1)), table
    )
    free = table.lambda_.free_tier if workload.free_tier else None
    prices = lambda_prices(table, workload)
    quantities = [
        (one.requests, free.requests if free else ZERO, ()),
        (
            one.gb_seconds,
            free.gb_seconds if free else ZERO,
            tuple(t.up_to for t in prices.duration if t.up_to),
        ),
    ]
    gateway = gateway_tiers(table, workload)
    if gateway:
        quantities.append((one.requests, ZERO, tuple(t.up_to for t in gateway if t.up_to)))
    points = {ZERO, MAX_REQUESTS_PER_MONTH}
    for per_request, allowance, bounds in quantities:
        for bound in (ZERO, *bounds):
            n = (allowance + bound) / per_request
            if 0 < n < MAX_REQUESTS_PER_MONTH:
                points.add(n)
    return sorted(points)


def _ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def _crossings(
    d0: Decimal, d1: Decimal, p: Decimal, q: Decimal, h: Decimal, u: Decimal, minimum: int
) -> tuple[list[tuple[Decimal, bool]], bool]:
    """Where d0 + d1 N meets h x max(minimum, ceil(N / u)) for N in [p, q]."""
    found: list[tuple[Decimal, bool]] = []

    def flat(level: int, lo: Decimal, hi: Decimal) -> None:
        # On a flat step the line crosses once, if at all; above it Lambda is dearer when d1 > 0.
        if d1 != 0:
            n = (h * level - d0) / d1
            if lo <= n <= hi:
                found.append((n, d1 > 0))

    floor_end = u * minimum
    if p < floor_end:
        flat(minimum, p, min(q, floor_end))
    # Above the floor: a crossing needs 0 <= D(N) - h N / u <= h; keep to that window.
    e0, e1 = d0, d1 - h / u
    lo, hi = max(p, floor_end), q
    if e1 == 0:
        if not 0 <= e0 <= h:
            return found, False
    else:
        a, b = (-e0) / e1, (h - e0) / e1
        lo, hi = max(lo, min(a, b)), min(hi, max(a, b))
    if lo > hi:
        return found, False
    first, last = max(minimum, _ceil(lo / u)), _ceil(hi / u)
    capped = last - first > MAX_STEPS
    for level in range(first, min(last, first + MAX_STEPS) + 1):
        start, end = u * (level - 1), u * level
        flat(level, max(start, lo, p), min(end, hi, q))
        # The jump just after N = end: Lambda was dearer than `level` instances, and is cheaper than one more.
        if p <= end <= q and level >= minimum:
            at = d0 + d1 * end
            if h * level < at < h * (level + 1):
                found.append((end, False))
    return found, capped
