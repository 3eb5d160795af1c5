"""``compare_many``: Lambda against servers for many workloads at once, such as one row per function.

The same model as ``compare`` with the per-workload overhead taken out: prices
are looked up once per region and architecture, instance types are kept as
plain tuples sorted by price, and each workload gets one small result row.
Money stays ``Decimal`` throughout; tests hold every row to ``compare``'s figures.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from costcalc.comparison import validate_workload
from costcalc.errors import InputError
from costcalc.lambda_cost import gateway_tiers, lambda_prices, storage_price
from costcalc.money import EXACT, plain
from costcalc.notebook import NotebookView
from costcalc.prices import Arch, PricingTable, Tier
from costcalc.pricing_tables import load_pricing
from costcalc.server_cost import balancer_rates
from costcalc.workload import HOURS_PER_DAY, HOURS_PER_MONTH, SECONDS_PER_MONTH, Workload

ZERO = Decimal(0)
INFINITY = Decimal("Infinity")
MB_PER_GB = Decimal(1024)
MS_PER_SECOND = Decimal(1000)
MS_PER_MONTH = MS_PER_SECOND * SECONDS_PER_MONTH


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One workload's result: Lambda, the cheapest server option, and which is cheaper."""

    lambda_monthly: Decimal
    server_monthly: Decimal
    server: str
    """``ec2:<type> x <count>``'s option name, ``ec2:<type>``."""
    count: int

    @property
    def cheapest(self) -> str:
        """``lambda`` or the server option's name (Lambda wins a tie)."""
        return "lambda" if self.lambda_monthly <= self.server_monthly else self.server

    def to_dict(self) -> dict[str, Any]:
        """Plain data, decimals as strings."""
        return {
            "lambda_monthly": plain(self.lambda_monthly),
            "server": self.server,
            "server_count": self.count,
            "server_monthly": plain(self.server_monthly),
            "cheapest": self.cheapest,
        }


@dataclass(frozen=True, slots=True)
class BatchComparison(NotebookView):
    """``compare_many``'s result: one row per workload, in order, kept as columns."""

    pricing_name: str
    lambda_monthly: tuple[Decimal, ...]
    server_monthly: tuple[Decimal, ...]
    server_types: tuple[str, ...]
    server_counts: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.lambda_monthly)

    @property
    def rows(self) -> tuple[BatchRow, ...]:
        """One ``BatchRow`` per workload."""
        return tuple(
            BatchRow(lam, server, f"ec2:{kind}", count)
            for lam, server, kind, count in zip(
                self.lambda_monthly, self.server_monthly, self.server_types, self.server_counts, strict=True
            )
        )

    def to_dict(self) -> dict[str, Any]:
        """``{schema_version: 1, pricing, rows: [...]}``."""
        return {
            "schema_version": 1,
            "pricing": self.pricing_name,
            "rows": [row.to_dict() for row in self.rows],
        }

    def table_title(self) -> str:
        """``compare_many: 100,000 workloads (pricing aws-2026-07-20)``."""
        return f"compare_many: {len(self):,} workloads (pricing {self.pricing_name})"

    def table_rows(self) -> list[dict[str, Any]]:
        """One row per workload; money as ``Decimal``."""
        return [
            {
                "lambda_monthly": r.lambda_monthly,
                "server": r.server,
                "server_count": r.count,
                "server_monthly": r.server_monthly,
                "cheapest": r.cheapest,
            }
            for r in self.rows
        ]

    def __rich__(self) -> Any:
        from rich.table import Table

        table = Table(title=self.table_title(), title_justify="left")
        rows = self.table_rows()
        for column in rows[0] if rows else ():
            table.add_column(column)
        for row in rows[:50]:
            table.add_row(*(str(v) for v in row.values()))
        return table


class _LambdaRates:
    """One region and architecture's Lambda prices, looked up once."""

    __slots__ = ("free_gb_seconds", "free_requests", "included_storage", "increment", "request", "tiers")

    def __init__(self, table: PricingTable, workload: Workload) -> None:
        prices = lambda_prices(table, workload)
        self.request = prices.request.amount
        self.tiers = _tiers(prices.duration)
        self.free_requests = table.lambda_.free_tier.requests
        self.free_gb_seconds = table.lambda_.free_tier.gb_seconds
        self.increment = table.lambda_.billing_increment_ms
        limits = table.lambda_.ephemeral_storage_mb
        self.included_storage = limits.minimum if limits else None


def _tiers(tiers: tuple[Tier, ...]) -> tuple[tuple[Decimal | None, Decimal], ...]:
    return tuple((tier.up_to, tier.price.amount) for tier in tiers)


def _tiered(quantity: Decimal, tiers: tuple[tuple[Decimal | None, Decimal], ...]) -> Decimal:
    total, lower = ZERO, ZERO
    for up_to, price in tiers:
        if up_to is None or quantity <= up_to:
            return total + (quantity - lower) * price
        total += (up_to - lower) * price
        lower = up_to
    return total


Candidate = tuple[Decimal, str, Decimal, Decimal, Decimal]
"""An instance type as the search needs it: (hourly, name, usable vCPUs before utilization, MB, floor),
where floor is a lower bound on the hourly price per usable vCPU of this type and every later one."""


def _candidates(table: PricingTable, region: str, arch: Arch) -> list[tuple[Decimal, str, Decimal, Decimal]]:
    """Sizable types of ``arch`` in ``region``, cheapest first, without those that can never win.

    A type is dropped when an earlier one (no dearer, and first by name on a
    tie) has at least its vCPUs and memory: that one then needs no more
    instances, so it costs no more, for every workload this type would fit.
    """
    kept: list[tuple[Decimal, str, Decimal, Decimal]] = []
    for offer in table.ec2.cheapest_first(region):
        instance = offer.instance
        if instance.arch is not arch or not instance.sizable:
            continue
        usable, memory_mb = instance.vcpu * instance.capacity_per_vcpu, instance.memory_gib * MB_PER_GB
        if any(u >= usable and m >= memory_mb for _, _, u, m in kept):
            continue
        kept.append((offer.hourly.amount, instance.name, usable, memory_mb))
    return kept


def fitting(types: list[tuple[Decimal, str, Decimal, Decimal]], memory_mb: Decimal) -> list[Candidate]:
    """The types with at least ``memory_mb``, each with the lowest price per usable vCPU from it on.

    That floor is rounded down, so it stays a true lower bound: no later type can carry a load
    for less than load x floor.
    """
    chosen = [t for t in types if t[3] >= memory_mb]
    floors: list[Decimal] = []
    lowest = INFINITY
    with decimal.localcontext(EXACT) as context:
        context.rounding = decimal.ROUND_FLOOR
        for hourly, _, usable, _ in reversed(chosen):
            lowest = min(lowest, hourly / usable)
            floors.append(lowest)
    return [(*t, floor) for t, floor in zip(chosen, reversed(floors), strict=True)]


def _candidate(table: PricingTable, region: str, name: str) -> Candidate:
    offer = table.ec2.offer(region, name)
    assert offer is not None  # validated
    instance = offer.instance
    return (
        offer.hourly.amount,
        name,
        instance.vcpu * instance.capacity_per_vcpu,
        instance.memory_gib * MB_PER_GB,
        ZERO,
    )


def compare_many(workloads: Iterable[Workload], pricing: PricingTable | str = "aws") -> BatchComparison:
    """For each workload: Lambda, and the cheapest of its ``instances`` (else of every type that fits)."""
    table = pricing if isinstance(pricing, PricingTable) else load_pricing(pricing)
    per_key: dict[tuple[str, Arch], tuple[_LambdaRates, list[tuple[Decimal, str, Decimal, Decimal]]]] = {}
    fits: dict[tuple[str, Arch, Decimal], list[Candidate]] = {}
    lambdas: list[Decimal] = []
    servers: list[Decimal] = []
    kinds: list[str] = []
    counts: list[int] = []
    checked: set[tuple[Any, ...]] = set()
    max_ms = table.lambda_.max_duration_ms
    with decimal.localcontext(EXACT):
        for w in workloads:
            # Each distinct set of table-dependent settings is checked once; the duration limit every time.
            shape = (w.region, w.arch, w.memory, w.storage, w.api_gateway, w.load_balancer, w.instances)
            if shape not in checked or w.ms > max_ms:
                validate_workload(w, table)
                checked.add(shape)
            key = (w.region, w.arch)
            state = per_key.get(key)
            if state is None:
                state = per_key[key] = (_LambdaRates(table, w), _candidates(table, *key))
            rate, types = state
            pool_key = (w.region, w.arch, w.memory)
            pool = fits.get(pool_key)
            if pool is None:
                pool = fits[pool_key] = fitting(types, w.memory)
            lam, server, kind, count = _row(w, table, rate, pool)
            lambdas.append(lam)
            servers.append(server)
            kinds.append(kind)
            counts.append(count)
    return BatchComparison(table.name, tuple(lambdas), tuple(servers), tuple(kinds), tuple(counts))


def _row(
    w: Workload,
    table: PricingTable,
    rate: _LambdaRates,
    candidates: list[Candidate],
) -> tuple[Decimal, Decimal, str, int]:
    # Workload.monthly_requests, with operators: this loop already runs in the exact context.
    if w.rpd is not None:
        requests = w.rpd * HOURS_PER_MONTH / HOURS_PER_DAY
    elif w.rps is not None:
        requests = w.rps * SECONDS_PER_MONTH
    else:
        requests = w.requests_per_month  # type: ignore[assignment]
    # ceil by divmod: to_integral_value(rounding=...) costs twice as much, and this runs per workload.
    steps, part = divmod(w.ms, rate.increment)
    if part:
        steps += 1
    seconds = steps * rate.increment / MS_PER_SECOND
    compute_seconds = requests * seconds
    gb_seconds = compute_seconds * w.memory / MB_PER_GB
    if w.free_tier:
        billable_requests = max(requests - rate.free_requests, ZERO)
        billable_gb_seconds = max(gb_seconds - rate.free_gb_seconds, ZERO)
    else:
        billable_requests, billable_gb_seconds = requests, gb_seconds
    first_up_to, first_price = rate.tiers[0]
    if first_up_to is None or billable_gb_seconds <= first_up_to:
        compute = billable_gb_seconds * first_price  # nearly every workload stays in the first tier
    else:
        compute = _tiered(billable_gb_seconds, rate.tiers)
    lam = billable_requests * rate.request + compute
    if rate.included_storage is not None and w.storage > rate.included_storage:
        price = storage_price(table, w)
        assert price is not None
        lam += compute_seconds * (w.storage - rate.included_storage) / MB_PER_GB * price.amount
    gateway = gateway_tiers(table, w) if w.api_gateway else None
    if gateway:
        lam += _tiered(requests, tuple((t.up_to, t.price.amount) for t in gateway))
    # Servers: count = max(min, ceil(N / per-instance requests)); cheapest first, stop when none can win.
    # Per-instance requests = usable vCPUs x utilization / (peak x seconds x CPU share / seconds a month),
    # so N / per-instance = load / usable vCPUs, with load worked out once per workload.
    load = requests * w.peak_factor * w.ms * w.cpu_share / (w.utilization * MS_PER_MONTH)
    fixed = per_request = ZERO
    if w.load_balancer:
        fixed, per_request = balancer_rates(table.load_balancer[w.region])
    # Each workload's own instances are priced whatever their memory, as compare does.
    pool = [_candidate(table, w.region, name) for name in w.instances] if w.instances else candidates
    minimum = Decimal(w.min_instances)
    best_name, best_count, best_total = "", minimum, INFINITY
    explicit = bool(w.instances)
    for hourly, name, usable, _, floor in pool:
        # No later type can win once its minimum, or the load at the lowest price per vCPU, costs more.
        if not explicit and (hourly * minimum > best_total or load * floor > best_total):
            break
        count, part = divmod(load, usable)
        if part:
            count += 1
        if count < minimum:
            count = minimum
        total = hourly * count
        if total < best_total or (total == best_total and name < best_name):
            best_name, best_count, best_total = name, count, total
    if best_total == INFINITY:
        raise InputError(
            "region", f"pricing table {table.name} has no {w.arch.value} EC2 prices for {w.region}"
        )
    server = best_total * HOURS_PER_MONTH
    if w.load_balancer:
        server += fixed + requests * per_request
    return lam, server, best_name, int(best_count)
