"""``compare``: Lambda against servers for one workload, with every assumption stated."""

from __future__ import annotations

import dataclasses
import datetime
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from costcalc.breakeven_solver import BreakEven, break_even
from costcalc.errors import InputError
from costcalc.lambda_cost import billed_ms, gateway_tiers, lambda_cost, lambda_prices, storage_price
from costcalc.money import exact, format_money, format_quantity, format_ratio, plain
from costcalc.notebook import NotebookView
from costcalc.prices import Limits, Price, PricingTable
from costcalc.pricing_tables import load_pricing
from costcalc.results import CostOption, LineItem
from costcalc.server_cost import cheapest_server, require_sizable, server_cost
from costcalc.workload import Workload

if TYPE_CHECKING:  # budgets load only when a budget is given
    from costcalc.budgets import Budget, BudgetResult

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
    show_explain: bool = False
    """Include the formula trace (``compare --explain``) in every view."""
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

    @property
    def verdict(self) -> str:
        """One line: which is cheaper, and by how much."""
        lam = self.lambda_option
        server = min(self.server_options, key=lambda option: option.monthly)
        if lam.monthly == server.monthly:
            return f"Lambda and {server.name} cost the same at this load."
        if lam.monthly < server.monthly:
            if lam.monthly == 0:
                cost = format_money(server.monthly)
                return f"Lambda costs nothing at this load; {server.name} costs {cost}/month."
            ratio = format_ratio(server.monthly / lam.monthly)
            return f"Lambda is {ratio} cheaper than {server.name} at this load."
        ratio = format_ratio(lam.monthly / server.monthly)
        return f"{server.name} is {ratio} cheaper than Lambda at this load."

    def against(
        self, budget: Budget, option: str | None = None, warn_at: Decimal | None = None
    ) -> Comparison:
        """This comparison with ``option`` (default: the cheapest) held against ``budget``."""
        from costcalc.budgets import evaluate_budget

        chosen = (
            self.cheapest if option is None else next((o for o in self.options if o.name == option), None)
        )
        if chosen is None:
            known = ", ".join(o.name for o in self.options)
            raise InputError("deploy", f"{option!r} is not one of the options compared ({known})")
        return dataclasses.replace(self, budget=evaluate_budget(chosen, budget, warn_at))

    def table_title(self) -> str:
        """The verdict, for the HTML table's caption."""
        return self.verdict

    def table_rows(self) -> list[dict[str, Any]]:
        """One row per line item, and a total per option; money as ``Decimal``."""
        rows: list[dict[str, Any]] = []
        for option in self.options:
            for item in option.items:
                rows.append(
                    {
                        "option": option.name,
                        "item": item.name,
                        "quantity": item.quantity,
                        "unit": item.unit,
                        "rate": item.rate,
                        "daily": item.daily,
                        "monthly": item.monthly,
                    }
                )
            rows.append(
                {"option": option.name, "item": "total", "daily": option.daily, "monthly": option.monthly}
            )
        return rows

    def explained(self) -> Comparison:
        """This comparison with its formula trace shown in every view."""
        return dataclasses.replace(self, show_explain=True)

    def _explain_dict(self) -> dict[str, list[str]]:
        if not self.show_explain:
            return {}
        from costcalc.explain import explain

        return {"explain": [line.text for line in explain(self)]}

    def to_dict(self) -> dict[str, Any]:
        """The JSON document ``compare --format json`` prints, decimals as strings."""
        budget = {"budget": self.budget.to_dict()} if self.budget else {}
        crossings = [c.to_dict() for b in self.break_even for c in b.crossings]
        throughout = [line for b in self.break_even if not b.crossings for line in b.describe()]
        return {
            "schema_version": SCHEMA_VERSION,
            "currency": self.currency,
            "pricing": {
                "name": self.pricing_name,
                "as_of": self.pricing_as_of.isoformat(),
                "region": self.workload.region,
            },
            "workload": self.workload.to_dict(),
            "options": [option.to_dict() for option in self.options],
            "cheapest": self.cheapest.name,
            "verdict": self.verdict,
            "assumptions": list(self.assumptions),
            "price_notes": list(self.price_notes),
            "break_even": crossings,
            "break_even_notes": throughout,
            **budget,
            **self._explain_dict(),
        }


@exact
def compare(workload: Workload, pricing: PricingTable | str | os.PathLike[str] = "aws") -> Comparison:
    """Cost ``workload`` on Lambda and on servers under ``pricing`` (a table, name, alias or path)."""
    table = pricing if isinstance(pricing, PricingTable) else load_pricing(pricing)
    validate_workload(workload, table)
    return build_comparison(workload, table, lambda_cost(workload, table), server_costs(workload, table))


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
    elif workload.storage != 512:
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
        cheapest = cheapest_server(workload, table.ec2.cheapest_first(workload.region), balancer)
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
        "Month = 730 hours, day = 24 hours; daily = monthly x 24 / 730.",
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
