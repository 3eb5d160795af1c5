"""Typed results of the cost model: line items, options, and their plain-data form.

Money stays a full-precision ``Decimal`` here; ``to_dict`` writes it as exact
decimal strings, and only the renderers round for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

from costcalc.catalog.model import Price
from costcalc.money import EXACT, plain
from costcalc.units import daily_from_monthly

if TYPE_CHECKING:
    from costcalc.catalog.purchase import Purchase


class OptionKind(str, Enum):
    """Where the workload would run."""

    LAMBDA = "lambda"
    SERVER = "server"
    FARGATE = "fargate"
    """Containers on ECS or EKS, billed per vCPU-hour and GB-hour."""
    LAMBDA_MANAGED = "lambda-managed"
    """Lambda Managed Instances: functions on EC2 instances in your account, many requests each."""


class ChargePart(NamedTuple):
    """One priced piece of a line item: a tier band, or one meter of a load balancer."""

    label: str
    quantity: Decimal
    unit: str
    price: Price
    monthly: Decimal

    def to_dict(self) -> dict[str, Any]:
        """Plain data, decimals as strings."""
        return {
            "label": self.label,
            "quantity": plain(self.quantity),
            "unit": self.unit,
            "rate": plain(self.price.amount),
            "monthly": plain(self.monthly),
        }


class LineItem(NamedTuple):
    """One charge behind an option's total, after the free tier."""

    name: str
    usage: Decimal
    """Monthly usage before the free tier."""
    free: Decimal
    """How much of the usage the free tier covered."""
    quantity: Decimal
    """Billable monthly quantity: usage less the free tier."""
    unit: str
    parts: tuple[ChargePart, ...]
    monthly: Decimal
    daily: Decimal

    @property
    def rate(self) -> Decimal | None:
        """The unit price; None for a charge over several tiers or meters, whose parts carry their own."""
        return self.parts[0].price.amount if len(self.parts) == 1 else None

    def to_dict(self) -> dict[str, Any]:
        """Plain data, decimals as strings."""
        out: dict[str, Any] = {
            "name": self.name,
            "quantity": plain(self.quantity),
            "unit": self.unit,
            "rate": plain(rate) if (rate := self.rate) is not None else None,
            "daily": plain(self.daily),
            "monthly": plain(self.monthly),
            "usage": plain(self.usage),
            "free": plain(self.free),
        }
        if len(self.parts) > 1:
            out["parts"] = [part.to_dict() for part in self.parts]
        return out


def line_item(name: str, usage: Decimal, free: Decimal, unit: str, parts: tuple[ChargePart, ...]) -> LineItem:
    """A line item whose totals are the sum of its parts."""
    monthly = EXACT.add(Decimal(0), sum((p.monthly for p in parts), Decimal(0)))
    quantity = EXACT.subtract(usage, free)
    return LineItem(name, usage, free, quantity, unit, parts, monthly, daily_from_monthly(monthly))


class ServerSizing(NamedTuple):
    """How the server count was found: peak CPU demand over usable CPU per instance."""

    average_rps: Decimal
    peak_rps: Decimal
    cpu_demand: Decimal
    """vCPUs busy at peak."""
    capacity_per_instance: Decimal
    """vCPUs usable per instance: vCPUs x per-vCPU capacity x target utilization."""
    needed: int
    """ceil(cpu_demand / capacity_per_instance), before the minimum applies."""
    instances: int
    """The count: ``needed``, or the minimum when that is more."""
    vcpus: int
    per_vcpu: Decimal
    """The sustained share of each vCPU: 1, or a burstable type's baseline."""
    work: Decimal = Decimal(0)
    """One request's CPU work, vCPU-seconds (``W``): what the peak demand is made of."""


@dataclass(frozen=True, slots=True)
class CostOption:
    """One way to run the workload, with what it costs and why."""

    name: str
    kind: OptionKind
    items: tuple[LineItem, ...]
    monthly: Decimal
    daily: Decimal
    instance_type: str | None = None
    count: int | None = None
    sizing: ServerSizing | None = None
    purchase: Purchase | None = None
    """How the capacity is bought, other than on demand: Spot, a Reserved Instance, a Savings Plan."""
    upfront: Decimal | None = None
    """A commitment's upfront fees for the whole fleet, paid once for the term; None where unknown."""
    interruption: str | None = None
    """Spot: the band of how often AWS reclaims the capacity in a month."""
    task_size: str | None = None
    """Fargate: the task size, ``1vcpu-2gb``."""
    instance_hours: Decimal | None = None
    """Under a traffic shape: the instance-hours a month the fleet runs (None without a shape)."""
    hourly_counts: tuple[int, ...] | None = None
    """Under a traffic shape: the instances running in each hour of its day or week."""

    @property
    def base_name(self) -> str:
        """The name without its purchase: ``ec2:m5.large``, ``lambda``."""
        return self.name.partition("@")[0]

    def to_dict(self) -> dict[str, Any]:
        """Plain data, decimals as strings."""
        out: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind.value,
            "daily": plain(self.daily),
            "monthly": plain(self.monthly),
            "items": [item.to_dict() for item in self.items],
        }
        if self.kind in (OptionKind.SERVER, OptionKind.LAMBDA_MANAGED):
            out["instance_type"] = self.instance_type
            out["count"] = self.count
        if self.kind is OptionKind.FARGATE:
            out["task_size"] = self.task_size
            out["count"] = self.count
        if self.kind in (OptionKind.SERVER, OptionKind.LAMBDA_MANAGED) or self.purchase is not None:
            purchase = self.purchase
            out["purchase"] = purchase.spec if purchase is not None else "on-demand"
            out["term_months"] = purchase.term_months if purchase is not None else None
            out["upfront"] = plain(self.upfront) if self.upfront is not None else None
            if self.interruption is not None:
                out["interruption"] = self.interruption
        if self.instance_hours is not None:
            out["instance_hours"] = plain(self.instance_hours)
        if self.hourly_counts is not None:
            out["hourly_counts"] = list(self.hourly_counts)
        return out


def cost_option(name: str, kind: OptionKind, items: tuple[LineItem, ...], **server: Any) -> CostOption:
    """An option whose totals are the sum of its items."""
    monthly = EXACT.add(Decimal(0), sum((i.monthly for i in items), Decimal(0)))
    return CostOption(name, kind, items, monthly, daily_from_monthly(monthly), **server)


def line_name(option: CostOption, fixed_servers: bool) -> str:
    """The series an option belongs to across loads: its name, or its kind where the type is picked
    afresh at each load (``servers``, ``fargate``, ``lambda-managed``), with its purchase."""
    if option.kind is OptionKind.LAMBDA or (fixed_servers and option.kind is OptionKind.SERVER):
        return option.name
    base = "servers" if option.kind is OptionKind.SERVER else option.kind.value
    return base + (f"@{option.purchase.spec}" if option.purchase is not None else "")
