"""``compare_many``: Lambda against servers for many workloads at once, such as one row per function.

The same model as ``compare`` with the per-workload overhead taken out: prices
are looked up once per region and architecture, instance types are kept as
plain tuples sorted by price, and each workload gets one small result row.
Money stays ``Decimal`` throughout; tests hold every row to ``compare``'s figures.
A workload with purchase options (``--purchase``) or other kinds (``--option``)
takes the full ``compare``: its row is the cheapest option other than Lambda.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from costcalc.catalog.model import Arch, PricingTable
from costcalc.errors import InputError
from costcalc.model.comparison import (
    DEFAULT_KINDS,
    compare,
    no_candidate,
    resolve_front_door,
    validate_workload,
)
from costcalc.model.cpu import cpu_seconds, lambda_ms
from costcalc.model.lambda_cost import (
    billable_storage_mb,
    billed_seconds,
    gateway_tiers,
    gb_seconds,
    lambda_cost,
    lambda_prices,
    storage_price,
)
from costcalc.model.results import LineItem
from costcalc.model.server_cost import (
    Candidate,
    TypeSpec,
    balancer_item,
    candidate_types,
    cheapest_fleet,
    cpu_demand,
    fitting,
    instance_extras,
    named_candidate,
)
from costcalc.model.tiers import tiered_amount
from costcalc.model.whole_bill import logs_item, public_ipv4_item, transfer_item
from costcalc.model.workload import Workload
from costcalc.money import EXACT, plain
from costcalc.notebook import NotebookView
from costcalc.units import HOURS_PER_MONTH

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One workload's result: Lambda, the cheapest server option, and which is cheaper."""

    lambda_monthly: Decimal
    server_monthly: Decimal
    server: str
    """The cheapest other option's name: ``ec2:<type>``, or with ``--option`` or ``--purchase`` any
    kind's (``fargate:1vcpu-2gb``, ``ec2:t3.micro@spot``)."""
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
    workloads: tuple[Workload, ...] = ()
    """The workloads as given, in order: the inputs of each row (empty when not kept)."""

    __repr__ = NotebookView.__repr__  # one line, not the dataclass's dump of every field

    def __len__(self) -> int:
        return len(self.lambda_monthly)

    @property
    def rows(self) -> tuple[BatchRow, ...]:
        """One ``BatchRow`` per workload."""
        return tuple(
            BatchRow(lam, server, kind if ":" in kind else f"ec2:{kind}", count)
            for lam, server, kind, count in zip(
                self.lambda_monthly, self.server_monthly, self.server_types, self.server_counts, strict=True
            )
        )


class _LambdaRates:
    """One region and architecture's Lambda prices, looked up once."""

    __slots__ = ("free_gb_seconds", "free_requests", "included_storage", "increment", "request", "tiers")

    def __init__(self, table: PricingTable, workload: Workload) -> None:
        prices = lambda_prices(table, workload)
        self.request = prices.request.amount
        self.tiers = prices.duration
        self.free_requests = table.lambda_.free_tier.requests
        self.free_gb_seconds = table.lambda_.free_tier.gb_seconds
        self.increment = table.lambda_.billing_increment_ms
        limits = table.lambda_.ephemeral_storage_mb
        self.included_storage = limits.minimum if limits else None


def compare_many(workloads: Iterable[Workload], table: PricingTable) -> BatchComparison:
    """For each workload: Lambda, and the cheapest of its ``instances`` (else of every type that fits)."""
    given = tuple(workloads)  # kept on the result, so each row's inputs can be shown beside it
    rates: dict[tuple[str, Arch], _LambdaRates] = {}
    types: dict[tuple[Any, ...], list[TypeSpec]] = {}
    fits: dict[tuple[Any, ...], list[Candidate]] = {}
    lambdas: list[Decimal] = []
    servers: list[Decimal] = []
    kinds: list[str] = []
    counts: list[int] = []
    checked: set[tuple[Any, ...]] = set()
    max_ms = table.lambda_.max_duration_ms
    with decimal.localcontext(EXACT):
        for w in given:
            w = resolve_front_door(w, table)
            # Each purchase and kind is its own auto-pick, and a schedule prices every type hour by hour:
            # the full comparison, then its cheapest.
            if w.purchases or w.scheduled or w.kinds != DEFAULT_KINDS:
                full = compare(w, table)
                best = min(full.alternatives, key=lambda option: option.monthly)
                lambdas.append(full.lambda_option.monthly)
                servers.append(best.monthly)
                kinds.append(best.name.removeprefix("ec2:"))
                counts.append(best.count or 0)
                continue
            # Each distinct set of table-dependent settings is checked once; the duration limit every time.
            shape = (
                w.region,
                w.arch,
                w.memory,
                w.storage,
                w.api_gateway,
                w.load_balancer,
                w.instances,
                w.families,
                w.duration_on,
                w.log_kb,
                w.egress_kb,
            )
            if shape not in checked or w.ms > max_ms:
                validate_workload(w, table)
                checked.add(shape)
            rate = rates.get((w.region, w.arch))
            if rate is None:
                rate = rates[(w.region, w.arch)] = _LambdaRates(table, w)
            kind_key = (w.region, w.arch, w.previous_generation, w.families, w.threads)
            kept = types.get(kind_key)
            if kept is None:
                kept = types[kind_key] = candidate_types(table, w)
            pool_key = (*kind_key, w.fit_memory)
            pool = fits.get(pool_key)
            if pool is None:
                pool = fits[pool_key] = fitting(kept, w.fit_memory)
            lam, server, kind, count = _row(w, table, rate, pool)
            lambdas.append(lam)
            servers.append(server)
            kinds.append(kind)
            counts.append(count)
    return BatchComparison(
        table.name, tuple(lambdas), tuple(servers), tuple(kinds), tuple(counts), workloads=given
    )


def _row(
    w: Workload,
    table: PricingTable,
    rate: _LambdaRates,
    candidates: list[Candidate],
) -> tuple[Decimal, Decimal, str, int]:
    """One workload through the same formulas as ``compare``, without building its line items."""
    requests = w.monthly_requests
    compute_seconds = requests * billed_seconds(lambda_ms(w, table), rate.increment)
    used_gb_seconds = gb_seconds(compute_seconds, w.memory)
    if w.free_tier:
        billable_requests = max(requests - rate.free_requests, ZERO)
        billable_gb_seconds = max(used_gb_seconds - rate.free_gb_seconds, ZERO)
    else:
        billable_requests, billable_gb_seconds = requests, used_gb_seconds
    first = rate.tiers[0]
    if first.up_to is None or billable_gb_seconds <= first.up_to:
        compute = billable_gb_seconds * first.price.amount  # nearly every workload stays in the first tier
    else:
        compute = tiered_amount(billable_gb_seconds, rate.tiers)
    lam = billable_requests * rate.request + compute
    storage = storage_price(table, w) if rate.included_storage and w.storage > rate.included_storage else None
    if storage is not None:
        lam += gb_seconds(compute_seconds, billable_storage_mb(table, w)) * storage.amount
    gateway = gateway_tiers(table, w) if w.api_gateway else None
    if gateway:
        lam += tiered_amount(requests, gateway)
    server = ZERO
    if w.log_kb:
        lam += _monthly(logs_item(w, table, requests, on_lambda=True))
        server += _monthly(logs_item(w, table, requests, on_lambda=False))
    if w.egress_kb:
        transfer = _monthly(transfer_item(w, table, requests))
        lam += transfer
        server += transfer
    if w.provisioned_concurrency is not None:  # rare enough to take the full model, line items and all
        lam = lambda_cost(w, table).monthly
    # Each workload's own instances are priced whatever their memory, as compare does.
    explicit = bool(w.instances)
    pool = [named_candidate(table, w.region, name) for name in w.instances] if explicit else candidates
    extras = instance_extras(w, table)
    best_name, best_count, hourly = cheapest_fleet(
        cpu_demand(w, requests, cpu_seconds(w, table)),
        w.utilization,
        w.min_instances,
        pool,
        search=not explicit,
        extra=extras / HOURS_PER_MONTH if extras else ZERO,
    )
    if not best_name:
        raise InputError("region", no_candidate(w, table))
    server += HOURS_PER_MONTH * best_count * hourly + best_count * extras
    if w.behind_load_balancer:
        server += _monthly(balancer_item(w, table, requests)) + _monthly(public_ipv4_item(w, table, 0))
    return lam, server, best_name, int(best_count)


def _monthly(item: LineItem | None) -> Decimal:
    return item.monthly if item is not None else ZERO
