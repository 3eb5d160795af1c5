"""Break-even: the request rates at which Lambda and servers cost the same, solved exactly.

Lambda's monthly cost is piecewise linear in the monthly request count N: its
slope changes only where a free allowance runs out or a volume tier begins.
One server type costs H x max(min instances, ceil(N / u)) (H: an instance's
month with its root volume and address, u: the requests one instance carries),
a staircase; the costs every type shares (an ALB, its LCUs, the logs) add a
fixed part and a part linear in N. Data transfer out is the same on both sides,
so it never moves a crossing and is left out here.

Without ``--instance`` the servers' cost at each load is the cheapest fleet
at that load: the lower envelope of every candidate type's staircase, itself a
staircase. The solver walks it step by step, but only where a crossing is
possible: between s* N (s*, the lowest price per request of any type) and the
cheapest type's staircase lies every envelope, so outside that band the sign
of Lambda minus servers is known. On each flat step the line is solved for the
crossing, and each jump is checked for a change of sign. Nothing is sampled;
Lambda's cost is taken from the model itself at the piece ends.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from costcalc.catalog.model import PricingTable
from costcalc.model.lambda_cost import account_lambda_costs, gateway_tiers, lambda_prices, lambda_usage
from costcalc.model.workload import MAX_REQUESTS_PER_SECOND, Workload
from costcalc.money import EXACT, exact, plain
from costcalc.units import KB_PER_GB, SECONDS_PER_MONTH, daily_from_monthly

ZERO = Decimal(0)
MAX_REQUESTS_PER_MONTH = MAX_REQUESTS_PER_SECOND * SECONDS_PER_MONTH
MAX_SEGMENTS = 20_000
"""Envelope steps walked per analysis; beyond it the costs track each other too closely to list."""
SERVERS = "servers"
"""The option name of the cheapest fleet at every load (no ``--instance``)."""


class FleetType(NamedTuple):
    """One instance type as the solver needs it."""

    name: str
    per_instance: Decimal
    """An instance's month: hours, root volume, and its address without a load balancer."""
    per_instance_requests: Decimal
    """Monthly requests one instance carries at the target utilization."""


class Crossing(NamedTuple):
    """A request rate at which Lambda and the servers cost the same."""

    option: str
    requests_per_month: Decimal
    lambda_cheaper_below: bool
    """True where Lambda stops being the cheaper one; False where it becomes cheaper again (a server step)."""
    today: Decimal
    """Today's monthly requests, for the load multiple."""
    server_type_below: str = ""
    """The cheapest server type just below the crossing."""
    server_type_above: str = ""
    """The cheapest server type just above it."""

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
        """``{option, requests_per_day, ..., lambda_cheaper_below, server_type_below, server_type_above}``."""
        return {
            "option": self.option,
            "requests_per_day": plain(self.requests_per_day),
            "requests_per_second": plain(self.requests_per_second),
            "load_multiple": plain(self.load_multiple),
            "lambda_cheaper_below": self.lambda_cheaper_below,
            "server_type_below": self.server_type_below,
            "server_type_above": self.server_type_above,
        }


class BreakEven(NamedTuple):
    """Every crossing between Lambda and one server option (or the cheapest fleet at each load)."""

    option: str
    crossings: tuple[Crossing, ...]
    near_parity: bool = False
    """The costs track each other so closely over so long a range that not every crossing is listed."""
    gaps: tuple[Decimal, ...] = ()
    """Between each crossing and the next: the largest gap between the two costs, over the servers' cost."""
    lambda_cheaper_throughout: bool = True
    """Without crossings: whether Lambda is the cheaper all along (not so when provisioned concurrency's
    fixed charge already tops the smallest fleet)."""

    def spread(self, first: int, last: int) -> Decimal:
        """The largest relative gap between the two costs from crossing ``first`` to crossing ``last``."""
        return max(self.gaps[first:last], default=ZERO)


class _Segment(NamedTuple):
    """A stretch of one linear piece of Lambda's cost: a flat envelope step, or a stretch outside the band."""

    start: Decimal
    end: Decimal
    d0: Decimal
    d1: Decimal
    cost: Decimal | None
    """The envelope's cost on a flat step; None outside the band, where it is worked out where needed."""


@exact
def break_even(
    workload: Workload,
    table: PricingTable,
    option: str,
    types: Sequence[FleetType],
    shared: tuple[Decimal, Decimal],
) -> BreakEven:
    """Where Lambda's cost and the servers' cross as the request rate varies, all else as in ``workload``.

    ``types`` are the server types to choose from at each load (one, for a
    named ``--instance``); ``shared`` is what every fleet pays beside its
    instances: (fixed a month, per request).
    """
    fleet = _pareto(types)
    fixed, per_request = shared
    if workload.provisioned_concurrency is not None:
        from costcalc.model.provisioned import fixed_workload

        workload = fixed_workload(workload, table)  # N as today, so Lambda's cost stays piecewise linear
    walk = _Walk(fleet, workload.min_instances, option, workload.monthly_requests, shared)
    points = _lambda_breakpoints(workload, table)
    costs = [lambda_monthly(workload, table, n) for n in points]
    for (p, lp), (q, lq) in zip(
        zip(points, costs, strict=True), zip(points[1:], costs[1:], strict=True), strict=False
    ):
        slope = (lq - lp) / (q - p)
        # Lambda - shared server costs = d0 + d1 N on this piece, against the envelope of staircases.
        walk.piece(lp - slope * p - fixed, slope - per_request, p, q)
        if walk.capped:
            break
    return BreakEven(option, tuple(walk.crossings), walk.capped, walk.gaps(), walk.sign < 0)


def _pareto(types: Sequence[FleetType]) -> list[FleetType]:
    """The types that can be cheapest at some load: cheaper ones first, each carrying more than the last."""
    kept: list[FleetType] = []
    for fleet_type in sorted(types, key=lambda t: (t.per_instance, -t.per_instance_requests, t.name)):
        if not kept or fleet_type.per_instance_requests > kept[-1].per_instance_requests:
            kept.append(fleet_type)
    return kept


class _Walk:
    """The envelope walked piece by piece, keeping the sign of Lambda minus servers across pieces."""

    def __init__(
        self,
        fleet: list[FleetType],
        minimum: int,
        option: str,
        today: Decimal,
        shared: tuple[Decimal, Decimal],
    ) -> None:
        self.fleet = fleet
        self.fixed, self.per_request = shared
        self.minimum = Decimal(minimum)
        self.option = option
        self.today = today
        # The lowest price per request carried, and the type with it: the envelope's slope far out.
        self.best = min(fleet, key=lambda t: (t.per_instance / t.per_instance_requests, t.per_instance))
        self.slope = self.best.per_instance / self.best.per_instance_requests
        self.sign = -1  # at zero load Lambda costs nothing and servers cost their minimum fleet
        self.below = min(fleet, key=lambda t: (t.per_instance, t.name)).name
        self.crossings: list[Crossing] = []
        self.segments: list[_Segment] = []
        self.capped = False

    def piece(self, d0: Decimal, d1: Decimal, p: Decimal, q: Decimal) -> None:
        """Every sign change of d0 + d1 N - envelope(N) for N in [p, q]."""
        for lo, hi, inside in self._regions(d0, d1, p, q):
            if inside:
                self._steps(d0, d1, lo, hi)
            else:
                middle = (lo + hi) / 2
                sign = -1 if d0 + d1 * middle < self.slope * middle else 1  # below the band, or above it
                self.segments.append(_Segment(lo, hi, d0, d1, None))
                self._change(lo, sign, self.below, self.below)
            if self.capped:
                return

    def _regions(
        self, d0: Decimal, d1: Decimal, p: Decimal, q: Decimal
    ) -> list[tuple[Decimal, Decimal, bool]]:
        """[p, q] cut into the band where a crossing is possible (True) and the rest (False).

        The envelope lies between slope x N and, for every type t, max(m H_t, s_t N + H_t) (its
        staircase never rises above either): outside the band the sign of line - envelope is known.
        """
        above_lower = _half(d0, d1 - self.slope, p, q)  # line - slope N >= 0
        band = [above_lower] if above_lower is not None else []
        for fleet_type in self.fleet:
            floor = _half(self.minimum * fleet_type.per_instance - d0, -d1, p, q)
            step = _half(fleet_type.per_instance - d0, self._per_request(fleet_type) - d1, p, q)
            band = _intersect(band, _union(floor, step))
            if not band:
                break
        out: list[tuple[Decimal, Decimal, bool]] = []
        at = p
        for lo, hi in band:
            if at < lo:
                out.append((at, lo, False))
            out.append((lo, hi, True))
            at = hi
        if at < q:
            out.append((at, q, False))
        return out

    def _per_request(self, fleet_type: FleetType) -> Decimal:
        return fleet_type.per_instance / fleet_type.per_instance_requests

    def _upper(self, n: Decimal) -> Decimal:
        """A bound the envelope never rises above at ``n``: the lowest of each type's two bounds."""
        return min(
            max(self.minimum * t.per_instance, self._per_request(t) * n + t.per_instance) for t in self.fleet
        )

    def _relevant(self, lo: Decimal, hi: Decimal) -> list[FleetType]:
        """The types that can be cheapest somewhere in [lo, hi]: the others cost more than the bound."""
        at_lo, at_hi = self._upper(lo), self._upper(hi)
        return [
            t
            for t in self.fleet
            if self.minimum * t.per_instance <= at_hi and self._per_request(t) * lo <= at_lo
        ]

    def _steps(self, d0: Decimal, d1: Decimal, lo: Decimal, hi: Decimal) -> None:
        """Walk the envelope's flat steps over (lo, hi]."""
        fleet = self._relevant(lo, hi)
        levels = [max(self.minimum, (lo // t.per_instance_requests) + 1) for t in fleet]
        heap = [
            (level * t.per_instance_requests, i)
            for i, (t, level) in enumerate(zip(fleet, levels, strict=True))
        ]
        heapq.heapify(heap)
        start = lo
        while start < hi:
            if len(self.segments) >= MAX_SEGMENTS:
                self.capped = True
                return
            end = min(heap[0][0], hi)
            cost, name = min((t.per_instance * level, t.name) for t, level in zip(fleet, levels, strict=True))
            self._segment(d0, d1, start, end, cost, name)
            while heap and heap[0][0] <= end:
                _, i = heapq.heappop(heap)
                levels[i] += 1
                heapq.heappush(heap, (levels[i] * fleet[i].per_instance_requests, i))
            start = end

    def _segment(
        self, d0: Decimal, d1: Decimal, start: Decimal, end: Decimal, cost: Decimal, name: str
    ) -> None:
        """One flat step (start, end] of the envelope at ``cost``, cheapest with ``name``."""
        at_start, at_end = d0 + d1 * start - cost, d0 + d1 * end - cost
        self.segments.append(_Segment(start, end, d0, d1, cost))
        after = _sign(at_start) or _sign(d1)
        if after == 0:
            return  # the same cost all along the step
        self._change(start, after, self.below, name)
        if _sign(at_end) == -after:
            self._change((cost - d0) / d1, -after, name, name)
        self.below = name

    def _envelope(self, n: Decimal) -> Decimal:
        """The cheapest fleet's cost at ``n`` requests a month, directly."""
        return min(t.per_instance * max(self.minimum, _ceil(n / t.per_instance_requests)) for t in self.fleet)

    def _servers(self, n: Decimal, fleet_cost: Decimal) -> Decimal:
        """The servers' whole cost at ``n``: the fleet's and what every fleet shares."""
        return fleet_cost + self.fixed + self.per_request * n

    def _change(self, at: Decimal, sign: int, below: str, above: str) -> None:
        if sign != self.sign and at > 0:
            self.crossings.append(Crossing(self.option, at, self.sign < 0, self.today, below, above))
        self.sign = sign

    def gaps(self) -> tuple[Decimal, ...]:
        """For each pair of consecutive crossings, the largest relative cost gap between them."""
        out = []
        for before, after in zip(self.crossings, self.crossings[1:], strict=False):
            first, last = before.requests_per_month, after.requests_per_month
            gaps = [
                self._gap(segment, at)
                for segment in self.segments
                if segment.end > first and segment.start < last
                for at in (max(segment.start, first), min(segment.end, last))
            ]
            out.append(max(gaps, default=ZERO))
        return tuple(out)

    def _gap(self, segment: _Segment, at: Decimal) -> Decimal:
        """|Lambda - servers| / servers at ``at``: on a linear stretch the largest gap is at an end."""
        cost = segment.cost if segment.cost is not None else self._envelope(at)
        return abs(segment.d0 + segment.d1 * at - cost) / self._servers(at, cost)


def _ceil(value: Decimal) -> Decimal:
    whole, part = divmod(value, 1)
    return whole + 1 if part else whole


def _sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


def _half(a: Decimal, b: Decimal, p: Decimal, q: Decimal) -> tuple[Decimal, Decimal] | None:
    """{N in [p, q]: a + b N >= 0} as an interval, or None."""
    if b == 0:
        return (p, q) if a >= 0 else None
    root = -a / b
    lo, hi = (max(p, root), q) if b > 0 else (p, min(q, root))
    return (lo, hi) if lo <= hi else None


def _intersect(
    first: list[tuple[Decimal, Decimal]], second: list[tuple[Decimal, Decimal]]
) -> list[tuple[Decimal, Decimal]]:
    """The common parts of two sorted lists of closed intervals."""
    out: list[tuple[Decimal, Decimal]] = []
    i = j = 0
    while i < len(first) and j < len(second):
        lo, hi = max(first[i][0], second[j][0]), min(first[i][1], second[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return out


def _union(
    first: tuple[Decimal, Decimal] | None, second: tuple[Decimal, Decimal] | None
) -> list[tuple[Decimal, Decimal]]:
    parts = sorted(part for part in (first, second) if part is not None)
    if len(parts) == 2 and parts[1][0] <= parts[0][1]:
        return [(parts[0][0], max(parts[0][1], parts[1][1]))]
    return parts


def lambda_monthly(workload: Workload, table: PricingTable, requests: Decimal) -> Decimal:
    """Lambda's monthly cost at ``requests`` a month, without data transfer out (the same on both sides)."""
    if requests == 0:
        return _provisioned_fixed(workload, table)
    at = dataclasses.replace(workload, rpd=None, rps=None, requests_per_month=requests)
    option = account_lambda_costs([at], table)[0]
    return option.monthly - sum((i.monthly for i in option.items if i.name == "data-transfer"), ZERO)


def _provisioned_fixed(workload: Workload, table: PricingTable) -> Decimal:
    """What Lambda costs with no requests: the configured provisioned concurrency, if any."""
    if workload.provisioned_concurrency is None:
        return ZERO
    one = dataclasses.replace(workload, rpd=None, rps=None, requests_per_month=Decimal(1))
    option = account_lambda_costs([one], table)
    return sum((i.monthly for i in option[0].items if i.name == "provisioned-concurrency"), ZERO)


def _lambda_breakpoints(workload: Workload, table: PricingTable) -> list[Decimal]:
    """0, every N where a free allowance runs out or a tier begins, and the top of the range.

    With provisioned concurrency (N fixed), the on-demand GB-s bend where the environments fill
    up: that point is a breakpoint, and the GB-s allowances and tiers map through the bend.
    """
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
    logs = table.logs.get(workload.region)
    if workload.log_kb and logs is not None:
        quantities.append(
            (workload.log_kb / KB_PER_GB, ZERO, tuple(t.up_to for t in logs.lambda_tiers if t.up_to))
        )
    points = {ZERO, MAX_REQUESTS_PER_MONTH}
    provisioned = workload.provisioned_concurrency is not None
    for index, (per_request, allowance, bounds) in enumerate(quantities):
        for bound in (ZERO, *bounds):
            n: Decimal | None = (allowance + bound) / per_request
            if provisioned and index == 1:  # the on-demand GB-s, after provisioned concurrency's share
                from costcalc.model.provisioned import requests_for_on_demand

                n = requests_for_on_demand(workload, table, (allowance + bound) / per_request)
            if n is not None and 0 < n < MAX_REQUESTS_PER_MONTH:
                points.add(n)
    if provisioned:
        from costcalc.model.provisioned import full_capacity_requests

        full = full_capacity_requests(workload, table)
        if full is not None and 0 < full < MAX_REQUESTS_PER_MONTH:
            points.add(full)
    return sorted(points)
