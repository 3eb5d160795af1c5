"""A price table as bought another way: Spot, a Reserved Instance or a Savings Plan.

``purchased(table, purchase)`` is the same table with each EC2 price replaced by
its rate under ``purchase``, and only the types that have one. Every search
(the auto-pick, the break-even envelope, ``compare_many``) then works on it
unchanged, so "the cheapest type under a 3-year plan" is found by the same
code as the cheapest on demand. A Compute Savings Plan also replaces Lambda's
duration tiers with its flat rate (requests stay at on-demand), and Fargate's
rates with the plan's where the table has them.

Rates are read one region at a time, when a run first asks for that region,
as on-demand prices are. No rate is ever guessed from a headline discount:
a type or region the table lacks a rate for is simply not in the view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from costcalc.catalog.model import (
    SPOT_BAND_CEILINGS,
    Arch,
    Ec2Catalog,
    LambdaRegion,
    LazyRegions,
    Price,
    PricingTable,
    Tier,
    plain_amount,
)
from costcalc.catalog.purchase import SPOT, CommitmentRate, Purchase

if TYPE_CHECKING:
    from costcalc.catalog.plain import PlainCommitmentRate, PlainEc2Region, PlainPrice, PlainPriceDetail


def purchased(
    table: PricingTable, purchase: Purchase, max_interruption: Decimal | None = None
) -> PricingTable:
    """``table`` with EC2 (and, under a Compute Savings Plan, Lambda duration) priced as ``purchase``.

    ``max_interruption`` (percent) keeps only Spot types whose interruption band tops out at or below it.
    """
    if purchase.on_demand:
        return table
    ec2 = table.ec2
    view = Ec2Catalog(
        ec2.instance_types, _PurchasedRegions(ec2, purchase, max_interruption), {}, ec2.commitments
    )
    lambda_, fargate = table.lambda_, None
    if purchase.covers_lambda:
        on_demand = lambda_.regions
        lambda_ = lambda_._replace(
            regions=LazyRegions(on_demand, lambda region: _lambda_under(on_demand[region], purchase))
        )
        if table.fargate is not None:
            # Only the regions and architectures with a plan rate: Fargate is never priced under a guess.
            fargate = table.fargate._replace(
                regions={
                    region: r._replace(archs=r.savings_plans[purchase.rate_key])
                    for region, r in table.fargate.regions.items()
                    if purchase.rate_key in r.savings_plans
                }
            )
    return dataclasses.replace(table, ec2=view, lambda_=lambda_, fargate=fargate, purchase=purchase)


def lambda_plan_price(table: PricingTable, region: str, arch: Arch, purchase: Purchase) -> Price | None:
    """Lambda's duration rate under ``purchase`` in ``region``; None where the table lacks it."""
    found = table.lambda_.regions.get(region)
    return found.savings_plans.get(purchase.rate_key, {}).get(arch) if found else None


def on_demand_price(table: PricingTable, region: str, name: str) -> Price | None:
    """The on-demand price behind a purchase's rate for ``name`` (None where ``table`` is no view)."""
    regions = table.ec2.regions
    if isinstance(regions, _PurchasedRegions):
        offer = regions.base.offer(region, name)
        return offer.hourly if offer is not None else None
    return None


def missing_rate(table: PricingTable, purchase: Purchase, what: str, region: str) -> str:
    """Why ``what`` has no rate under ``purchase``, and where to get one."""
    if purchase.kind == SPOT:
        rate, how = "Spot level", "add the Spot advisor's levels to your own table (--pricing FILE)"
    elif purchase.section == "reserved":
        rate, how = f"{purchase.label} rate", "import the AmazonEC2 offer file (costcalc pricing import)"
    else:
        rate = f"{purchase.term} {purchase.plan} savings plan rate ({purchase.payment})"
        how = "import the Savings Plans offer file (costcalc pricing import)"
    return f"no {rate} for {what} in {region} in table {table.name}; {how}"


def _lambda_under(region: LambdaRegion, purchase: Purchase) -> LambdaRegion:
    rates = region.savings_plans.get(purchase.rate_key, {})
    archs = {
        arch: prices._replace(duration=(Tier(None, rates[arch]),)) if arch in rates else prices
        for arch, prices in region.archs.items()
    }
    return region._replace(archs=archs)


class _PurchasedRegions(LazyRegions["PlainEc2Region"]):
    """Each region's prices under a purchase, in the plain form of on-demand ones, built when first read."""

    def __init__(self, ec2: Ec2Catalog, purchase: Purchase, max_interruption: Decimal | None) -> None:
        super().__init__(ec2.regions, self._build)
        self.base = ec2
        """The on-demand catalog this view discounts."""
        self._purchase = purchase
        self._max_interruption = max_interruption

    def _build(self, region: str) -> PlainEc2Region:
        base = self.base.regions[region]
        purchase = self._purchase
        found: Mapping[str, Any] = self.base.commitments.get(region, {})
        section: Mapping[str, Any] | None = found.get(purchase.section)
        terms: dict[str, CommitmentRate] = {}
        key = f"ec2.commitments.{{region}}.{purchase.section}.rates.{{name}}"
        if section is not None:
            for name, raw in section["rates"].items():
                if name not in base["prices"]:
                    continue  # a rate with no on-demand price: no specs to size it by
                on_demand = plain_amount(base["prices"][name])
                if purchase.kind == SPOT:
                    rate = _spot(raw, on_demand)
                    if rate is not None and self._admits(rate):
                        terms[name] = rate
                elif purchase.rate_key in raw:
                    terms[name] = _committed(raw[purchase.rate_key], purchase, on_demand)
            if purchase.kind != SPOT:
                key += f".{purchase.rate_key}"
        prices: dict[str, PlainPrice] = {}
        for name, rate in terms.items():
            detail: PlainPriceDetail = {"amount": str(rate.effective)}
            note = _note(purchase, rate)
            if note:
                detail["note"] = note
            prices[name] = detail
        view: PlainEc2Region = {
            "confidence": section["confidence"] if section else base["confidence"],
            "source": section["source"] if section else base["source"],
            "prices": prices,
            "by_price": sorted(prices, key=lambda name: (terms[name].effective, name)),
            "key": key,
            "terms": terms,
        }
        if section is not None and "as_of" in section:
            view["as_of"] = section["as_of"]
        return view

    def _admits(self, rate: CommitmentRate) -> bool:
        if self._max_interruption is None:
            return True
        ceiling = SPOT_BAND_CEILINGS.get(rate.interruption or "")
        return ceiling is not None and ceiling <= self._max_interruption


def _spot(raw: Mapping[str, str], on_demand: Decimal) -> CommitmentRate | None:
    if "price" in raw:
        effective = Decimal(raw["price"])
    elif "savings" in raw:
        effective = on_demand * (1 - Decimal(raw["savings"]))
    else:
        return None
    return CommitmentRate(effective, effective, Decimal(0), None, raw.get("interruption"), on_demand)


def _committed(raw: PlainCommitmentRate, purchase: Purchase, on_demand: Decimal) -> CommitmentRate:
    """A Reserved or Savings Plans rate, its upfront spread over the term's hours (730 a month)."""
    months = purchase.term_months
    if isinstance(raw, str):
        effective = Decimal(raw)
        # With only the effective rate, the parts follow from the payment where it has one part.
        if purchase.payment == "no-upfront":
            return CommitmentRate(effective, effective, Decimal(0), months, None, on_demand)
        if purchase.payment == "all-upfront":
            return CommitmentRate(
                effective, Decimal(0), effective * purchase.term_hours, months, None, on_demand
            )
        return CommitmentRate(effective, None, None, months, None, on_demand)
    recurring, upfront = Decimal(raw["hourly"]), Decimal(raw["upfront"])
    return CommitmentRate(
        recurring + upfront / purchase.term_hours, recurring, upfront, months, None, on_demand
    )


def _note(purchase: Purchase, rate: CommitmentRate) -> str:
    if purchase.kind == SPOT:
        if rate.on_demand and rate.effective != rate.on_demand:
            saving = 1 - rate.effective / rate.on_demand
            band = f", interruptions {rate.interruption} a month" if rate.interruption else ""
            return f"Spot: on-demand less {saving:.0%} (a 30-day average, not a live price){band}"
        return ""
    if rate.recurring is None:
        return f"{purchase.label}: an effective hourly rate, the upfront fee spread over the term"
    return ""


class CommitmentCoverage(NamedTuple):
    """What a table holds in one region for one way of buying EC2 (``pricing show``)."""

    kind: str
    """``spot``, ``reserved`` or ``savings_plans``, as the table's sections are named."""
    types: int
    rates: int
    """Rates in all: a Reserved type has one per term, class and payment."""
    source: tuple[str, ...]
    confidence: str
    as_of: str | None


COMMITMENT_KINDS = ("spot", "reserved", "savings_plans")


def commitment_coverage(table: PricingTable) -> dict[str, list[CommitmentCoverage]]:
    """Each region's Spot, Reserved and Savings Plans sections: how many types and rates, from where."""
    coverage: dict[str, list[CommitmentCoverage]] = {}
    for region in sorted(table.ec2.commitments):
        sections: Mapping[str, Any] = table.ec2.commitments[region]
        coverage[region] = [
            CommitmentCoverage(
                kind,
                len(section["rates"]),
                len(section["rates"]) if kind == "spot" else sum(map(len, section["rates"].values())),
                tuple(section["source"]),
                section["confidence"],
                section.get("as_of"),
            )
            for kind in COMMITMENT_KINDS
            if (section := sections.get(kind))
        ]
    return coverage
