"""Keeping price tables honest: full validation, what changed between two tables, and staleness.

``validate_pricing_file`` always parses the YAML (never a compiled copy);
``pricing_diff`` lists every price added, removed or changed, with the change
in percent (Spot levels, Reserved and Savings Plans rates, Fargate's prices included);
``staleness_warning`` says when a table is older than it should be.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from costcalc.catalog.bundled import load_pricing
from costcalc.catalog.model import FargateArchPrices, PricingTable, Tier
from costcalc.catalog.schema import table_from_plain, validate_table
from costcalc.money import EXACT, exact, plain
from costcalc.notebook import NotebookView
from costcalc.units import MILLION
from costcalc.yaml_source import load_yaml


def validate_pricing_file(path: str) -> PricingTable:
    """Check a table file completely, parsing its YAML even when a compiled copy exists."""
    name = os.path.splitext(os.path.basename(path))[0]
    return table_from_plain(name, validate_table(load_yaml(path)), path)


def _tiers(prefix: str, tiers: tuple[Tier, ...], scale: Decimal = Decimal(1)) -> dict[str, Decimal]:
    return {f"{prefix}[{i}]": tier.price.amount * scale for i, tier in enumerate(tiers)}


def price_points(table: PricingTable) -> dict[str, Decimal]:
    """Every price of a table under a readable key, such as ``ec2 us-east-1 m5.large``."""
    points: dict[str, Decimal] = {}
    for region, lam in table.lambda_.regions.items():
        for arch, prices in lam.archs.items():
            points[f"lambda {region} {arch.value} per million requests"] = prices.request.amount * MILLION
            points.update(_tiers(f"lambda {region} {arch.value} per GB-s", prices.duration))
        if lam.ephemeral_storage is not None:
            points[f"lambda {region} ephemeral storage per GB-s"] = lam.ephemeral_storage.amount
    for region, kinds in table.api_gateway.items():
        for kind, tiers in kinds.items():
            points.update(_tiers(f"api-gateway {region} {kind.value} per million", tiers, MILLION))
    for region, balancer in table.load_balancer.items():
        points[f"load-balancer {region} per hour"] = balancer.per_hour.amount
        points[f"load-balancer {region} per LCU-hour"] = balancer.per_lcu_hour.amount
    for region in table.ec2.region_names():
        for name, offer in table.ec2.offers_by_name(region).items():
            points[f"ec2 {region} {name}"] = offer
    for region, lam in table.lambda_.regions.items():
        for key, by_arch in lam.savings_plans.items():
            for arch, price in by_arch.items():
                points[f"lambda {region} {arch.value} savings-plan {key} per GB-s"] = price.amount
    for region, sections in table.ec2.commitments.items():
        points.update(_commitment_points(region, sections))
    for region, fargate in (table.fargate.regions if table.fargate else {}).items():
        for arch, rates in fargate.archs.items():
            points.update(_fargate_points(f"fargate {region} {arch.value}", rates))
        if fargate.ephemeral_storage_per_gb_hour is not None:
            points[f"fargate {region} ephemeral storage per GB-hour"] = (
                fargate.ephemeral_storage_per_gb_hour.amount
            )
        for key, plan in fargate.savings_plans.items():
            for arch, rates in plan.items():
                points.update(_fargate_points(f"fargate {region} {arch.value} savings-plan {key}", rates))
    return points


def _fargate_points(prefix: str, prices: FargateArchPrices) -> dict[str, Decimal]:
    return {
        f"{prefix} per vCPU-hour": prices.per_vcpu_hour.amount,
        f"{prefix} per GB-hour": prices.per_gb_hour.amount,
    }


def _commitment_points(region: str, sections: Mapping[str, Any]) -> dict[str, Decimal]:
    """A region's Spot levels, Reserved and Savings Plans rates: ``ec2 us-east-1 m5.large reserved 1y ...``.

    A rate given in parts is two points (``hourly``, ``upfront``); a Spot level is its price or its
    saving off on-demand (a fraction), as the table gives it.
    """
    points: dict[str, Decimal] = {}
    for name, level in sections.get("spot", {}).get("rates", {}).items():
        for what in ("price", "savings"):
            if what in level:
                points[f"ec2 {region} {name} spot {what}"] = Decimal(level[what])
    for section, kind in (("reserved", "reserved"), ("savings_plans", "savings-plan")):
        for name, rates in sections.get(section, {}).get("rates", {}).items():
            for key, rate in rates.items():
                where = f"ec2 {region} {name} {kind} {key}"
                if isinstance(rate, str):
                    points[where] = Decimal(rate)
                else:
                    points[f"{where} hourly"] = Decimal(rate["hourly"])
                    points[f"{where} upfront"] = Decimal(rate["upfront"])
    return points


@dataclass(frozen=True, slots=True)
class PriceChange:
    """One price that differs between two tables."""

    key: str
    old: Decimal | None
    new: Decimal | None

    @property
    def change(self) -> str:
        """``added``, ``removed`` or ``changed``."""
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    @property
    def percent(self) -> Decimal | None:
        """The change in percent, for a changed price."""
        if self.old is None or self.new is None or self.old == 0:
            return None
        return EXACT.divide((self.new - self.old) * 100, self.old)

    def to_dict(self) -> dict[str, Any]:
        """Plain data, decimals as strings."""
        percent = self.percent
        return {
            "key": self.key,
            "change": self.change,
            "old": plain(self.old) if self.old is not None else None,
            "new": plain(self.new) if self.new is not None else None,
            "percent": plain(percent) if percent is not None else None,
        }


@dataclass(frozen=True, slots=True)
class PricingDiff(NotebookView):
    """Every price added, removed or changed between two tables."""

    old: str
    new: str
    changes: tuple[PriceChange, ...]
    unchanged: int

    __repr__ = NotebookView.__repr__  # one line, not the dataclass's dump of every field

    def counts(self) -> dict[str, int]:
        """How many prices were added, removed, changed and left alone."""
        counts = {"added": 0, "removed": 0, "changed": 0}
        for change in self.changes:
            counts[change.change] += 1
        return {**counts, "unchanged": self.unchanged}


@exact
def pricing_diff(old: str, new: str) -> PricingDiff:
    """Compare two tables (bundled names, aliases or paths) price by price."""
    before, after = price_points(load_pricing(old)), price_points(load_pricing(new))
    changes = []
    unchanged = 0
    for key in sorted({*before, *after}):
        a, b = before.get(key), after.get(key)
        if a == b:
            unchanged += 1
        else:
            changes.append(PriceChange(key, a, b))
    return PricingDiff(old, new, tuple(changes), unchanged)
