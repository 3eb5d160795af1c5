"""``compare``: Lambda against servers for one workload, with every assumption stated."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from costcalc.catalog.model import Limits, Price, PricingTable
from costcalc.errors import InputError
from costcalc.model.breakeven import BreakEven, break_even
from costcalc.model.lambda_cost import billed_ms, gateway_tiers, lambda_cost, lambda_prices, storage_price
from costcalc.model.results import CostOption, LineItem
from costcalc.model.server_cost import cheapest_server, require_sizable, server_cost
from costcalc.model.workload import Workload
from costcalc.money import exact, format_quantity, plain
from costcalc.notebook import NotebookView
from costcalc.units import HOURS_PER_DAY, HOURS_PER_MONTH, INCLUDED_STORAGE_MB

if TYPE_CHECKING:  # budgets load only when a budget is given
    from costcalc.model.budgets import Budget, BudgetResult

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Comparison(NotebookView):
    """The cost of one workload on Lambda and on servers, under one price table."""

    workload: Workload
    pricing_name: str
    pricing_as_of: datetime.date
    currency: str
    options: tuple[CostOption, ...]
    """Lambda first, then each server option."""
    assumptions: tuple[str, ...]
    price_notes: tuple[str, ...]
    """Uncertain (derived or recalled) prices that went into the figures."""
    billing_increment_ms: Decimal = Decimal(1)
    """Lambda's billing increment under the table used."""
    break_even: tuple[BreakEven, ...] = ()
    """Where Lambda and each server option cost the same."""
    budget: BudgetResult | None = None
    """Where one option stands against a budget, when one was given."""

    @property
    def lambda_option(self) -> CostOption:
        """The Lambda option."""
        return self.options[0]

    @property
    def server_options(self) -> tuple[CostOption, ...]:
        """The server options."""
        return self.options[1:]

    @property
    def cheapest(self) -> CostOption:
        """The option with the lowest monthly cost (Lambda wins a tie)."""
        return min(self.options, key=lambda option: option.monthly)

    def against(
        self, budget: Budget, option: str | None = None, warn_at: Decimal | None = None
    ) -> Comparison:
        """This comparison with ``option`` (default: the cheapest) held against ``budget``."""
        from costcalc.model.budgets import evaluate_budget

        chosen = (
            self.cheapest if option is None else next((o for o in self.options if o.name == option), None)
        )
        if chosen is None:
            known = ", ".join(o.name for o in self.options)
            raise InputError("deploy", f"{option!r} is not one of the options compared ({known})")
        return dataclasses.replace(self, budget=evaluate_budget(chosen, budget, warn_at))


@exact
def compare(workload: Workload, table: PricingTable) -> Comparison:
    """Cost ``workload`` on Lambda and on servers under ``table``."""
    validate_workload(workload, table)
    return build_comparison(workload, table, lambda_cost(workload, table), server_costs(workload, table))


@exact
def compare_with_budget(
    workload: Workload, table: PricingTable, budget: Budget | None = None, deploy: str | None = None
) -> Comparison:
    """``compare``, with the option run on (``deploy``: ``lambda`` or ``ec2:TYPE``) held against ``budget``.

    An ``ec2:TYPE`` deploy target is priced even when ``workload`` does not name it.
    """
    if budget is None:
        if deploy is not None:
            raise InputError("deploy", "goes with --max-monthly or --max-daily")
        return compare(workload, table)
    if deploy is not None:
        from costcalc.model.deploy import Deploy

        try:
            target = Deploy.parse(deploy).instance_type
        except ValueError as exc:
            raise InputError("deploy", str(exc)) from None
        if target and target not in workload.instances:
            workload = dataclasses.replace(workload, instances=(*workload.instances, target))
    return compare(workload, table).against(budget, deploy)


def build_comparison(
    workload: Workload, table: PricingTable, lambda_option: CostOption, servers: list[CostOption]
) -> Comparison:
    """A ``Comparison`` of options already priced, with its assumptions and price notes."""
    options = (lambda_option, *servers)
    return Comparison(
        workload=workload,
        pricing_name=table.name,
        pricing_as_of=table.as_of,
        currency=table.currency,
        options=options,
        assumptions=_assumptions(workload, table),
        price_notes=price_notes(options),
        billing_increment_ms=table.lambda_.billing_increment_ms,
        break_even=tuple(break_even(workload, table, server) for server in servers),
    )


def validate_workload(workload: Workload, table: PricingTable, also_instances: tuple[str, ...] = ()) -> None:
    """Every check of ``workload`` against ``table``, before anything is priced.

    Raises ``InputError`` naming the field: an unknown region or instance type,
    memory or storage outside the table's limits, a price the table lacks.
    """
    pricing = table.lambda_
    lambda_prices(table, workload)
    if workload.ms > pricing.max_duration_ms:
        raise InputError(
            "ms",
            f"{plain(workload.ms)} ms is longer than Lambda's limit of {plain(pricing.max_duration_ms)} ms "
            f"in pricing table {table.name}",
        )
    _check_range("memory", workload.memory, pricing.memory_mb, table.name)
    if pricing.ephemeral_storage_mb is not None:
        _check_range("storage", workload.storage, pricing.ephemeral_storage_mb, table.name)
    elif workload.storage != INCLUDED_STORAGE_MB:
        raise InputError("storage", f"pricing table {table.name} has no configurable ephemeral storage")
    storage_price(table, workload)
    gateway_tiers(table, workload)
    for name in (*workload.instances, *also_instances):
        offer = table.ec2.offer(workload.region, name)
        if offer is None:
            raise InputError("instances", _unknown_instance(name, workload.region, table))
        require_sizable(offer.instance)
    if workload.load_balancer and workload.region not in table.load_balancer:
        raise InputError(
            "load_balancer", f"pricing table {table.name} has no load balancer prices for {workload.region}"
        )


def server_costs(workload: Workload, table: PricingTable) -> list[CostOption]:
    """The workload's server options: each ``--instance``, or the cheapest type that carries it."""
    balancer = table.load_balancer.get(workload.region)
    servers = []
    for name in workload.instances:
        offer = table.ec2.offer(workload.region, name)
        if offer is None:
            raise InputError("instances", _unknown_instance(name, workload.region, table))
        servers.append(server_cost(workload, offer, balancer))
    if not workload.instances:
        cheapest = cheapest_server(workload, table, balancer)
        if cheapest is None:
            raise InputError(
                "region",
                f"pricing table {table.name} has no {workload.arch.value} EC2 prices for {workload.region}",
            )
        servers.append(cheapest)
    return servers


def _check_range(field: str, value: Decimal, limits: Limits, table: str) -> None:
    if not limits.admits(value):
        raise InputError(
            field,
            f"{plain(value)} MB is not allowed: pricing table {table} takes {plain(limits.minimum)} to "
            f"{plain(limits.maximum)} MB in steps of {plain(limits.step)} MB",
        )


def _unknown_instance(name: str, region: str, table: PricingTable) -> str:
    if name in table.ec2.instance_types:
        return f"pricing table {table.name} has no price for {name} in {region}"
    family = name.split(".")[0] + "."
    similar = [n for n in table.ec2.instance_names(region) if n.startswith(family)][:6]
    hint = f" (in {family[:-1]}: {', '.join(similar)})" if similar else ""
    return f"unknown instance type {name!r} in pricing table {table.name}{hint}"


def _assumptions(workload: Workload, table: PricingTable) -> tuple[str, ...]:
    lam = table.lambda_
    billed = billed_ms(workload.ms, lam.billing_increment_ms)
    monthly = format_quantity(workload.monthly_requests)
    requests = (
        f"{format_quantity(workload.rpd)} a day = {monthly} a month"
        if workload.rpd is not None
        else f"{format_quantity(workload.rps)} a second = {monthly} a month"
        if workload.rps is not None
        else f"{monthly} a month, as given"
    )
    free = lam.free_tier
    lines = [
        f"Month = {plain(HOURS_PER_MONTH)} hours, day = {plain(HOURS_PER_DAY)} hours; "
        f"daily = monthly x {plain(HOURS_PER_DAY)} / {plain(HOURS_PER_MONTH)}.",
        f"Requests: {requests}.",
        f"Lambda: {workload.arch.value}, {plain(workload.memory)} MB memory, "
        f"{plain(workload.ms)} ms billed as "
        f"{plain(billed)} ms ({plain(lam.billing_increment_ms)} ms increments), "
        f"{plain(workload.storage)} MB ephemeral storage.",
        (
            f"Free tier: {'on' if workload.free_tier else 'off'} ("
            f"{format_quantity(free.requests)} requests and {format_quantity(free.gb_seconds)} GB-s a month, "
            "one pool per account)."
        ),
        f"API Gateway: {workload.api_gateway.value if workload.api_gateway else 'none'}"
        + ("; its 12-month free tier is not applied." if workload.api_gateway else "."),
        f"Servers: on-demand Linux; peak factor {plain(workload.peak_factor)}, CPU share "
        f"{plain(workload.cpu_share)}, target utilization {plain(workload.utilization)}, "
        f"min instances {workload.min_instances}; burstable types count their baseline CPU share.",
    ]
    if not workload.instances:
        lines.append(
            f"Server type: the cheapest {workload.arch.value} type in {workload.region} with at least "
            f"{plain(workload.memory)} MB of memory."
        )
    if workload.load_balancer:
        lines.append(
            "Load balancer: an ALB; LCUs from new connections, one per request, 25 a second per LCU."
        )
    lines.append("Not included: data transfer, EBS storage, reserved instances and Savings Plans.")
    return tuple(lines)


def price_notes(options: tuple[CostOption, ...]) -> tuple[str, ...]:
    """One line per derived or recalled price the options used."""
    notes: dict[str, str] = {}
    for option in options:
        for item in option.items:
            for price in _item_prices(item):
                if price.confidence.uncertain and price.key not in notes:
                    detail = f": {price.note}" if price.note else ""
                    notes[price.key] = (
                        f"{option.name} uses a {price.confidence.value} price ({price.key}){detail}"
                    )
    return tuple(notes.values())


def _item_prices(item: LineItem) -> tuple[Price, ...]:
    return tuple(part.price for part in item.parts if part.quantity > 0 or len(item.parts) == 1)
