"""The rest of the bill, beside compute: logs, data transfer out, root volumes and public IPv4 addresses.

- Logs: ``log_kb`` per request to CloudWatch Logs. Lambda's own logs are
  "vended" and tiered by GB a month (since May 2025); a server's agent pays
  Standard ingestion.
- Data transfer out to the internet: ``egress_kb`` per request, tiered, on both
  sides alike; with the free tier on, the account's free 100 GB a month comes off.
- Root volume: ``ebs_gb`` GB per instance, per GB-month.
- Public IPv4: $0.005 an address-hour since February 2024, one per instance,
  or the load balancer's two (one per AZ, two AZs) and none on the instances.

A price that the user asked for (logs, transfer) and the table lacks is an
error. One that every server carries by default (root volume, IPv4) is counted
as zero with a note instead, so that a region or an old table without it still
compares.
"""

from __future__ import annotations

from decimal import Decimal

from costcalc.catalog.model import Confidence, Price, PricingTable
from costcalc.errors import InputError
from costcalc.model.results import ChargePart, LineItem, line_item
from costcalc.model.tiers import charge_tiers
from costcalc.model.workload import Workload
from costcalc.money import format_quantity
from costcalc.units import HOURS_PER_MONTH, KB_PER_GB

ZERO = Decimal(0)
ALB_ADDRESSES = 2
"""An internet-facing ALB has one public IPv4 address per AZ, and spans two AZs at least."""


def gb_per_month(requests: Decimal, kb_per_request: Decimal) -> Decimal:
    """GB a month of ``kb_per_request`` for each of ``requests``."""
    return requests * kb_per_request / KB_PER_GB


def logs_item(
    workload: Workload, table: PricingTable, requests: Decimal, *, on_lambda: bool
) -> LineItem | None:
    """CloudWatch Logs ingestion; None when the workload logs nothing."""
    if workload.log_kb == 0:
        return None
    prices = table.logs.get(workload.region)
    if prices is None:
        raise InputError(
            "log_kb", f"pricing table {table.name} has no CloudWatch Logs prices for {workload.region}"
        )
    gb = gb_per_month(requests, workload.log_kb)
    if on_lambda:
        parts = charge_tiers(gb, prices.lambda_tiers, "GB")
    else:
        parts = (ChargePart("standard", gb, "GB", prices.standard, gb * prices.standard.amount),)
    return line_item("logs", gb, ZERO, "GB", parts)


def transfer_item(workload: Workload, table: PricingTable, requests: Decimal) -> LineItem | None:
    """Data transfer out to the internet, tiered; None when nothing is sent."""
    if workload.egress_kb == 0:
        return None
    pricing = table.transfer
    tiers = pricing.regions.get(workload.region) if pricing is not None else None
    if pricing is None or tiers is None:
        raise InputError(
            "egress_kb", f"pricing table {table.name} has no data transfer prices for {workload.region}"
        )
    gb = gb_per_month(requests, workload.egress_kb)
    free = min(gb, pricing.free_gb) if workload.free_tier else ZERO
    return line_item("data-transfer", gb, free, "GB", charge_tiers(gb - free, tiers, "GB"))


def root_volume_item(workload: Workload, table: PricingTable, count: int | Decimal) -> LineItem | None:
    """Each instance's root volume; None with ``ebs_gb`` 0. ``count`` is a scheduled fleet's average."""
    if workload.ebs_gb == 0:
        return None
    gb_months = workload.ebs_gb * count
    volume = table.root_volume.get(workload.region)
    if volume is None:
        price = _unpriced(
            f"ebs.regions.{workload.region}",
            f"pricing table {table.name} has no root volume price for {workload.region}; not counted",
        )
        label = "root volume"
    else:
        price, label = (
            volume.per_gb_month,
            f"{volume.volume}, {_count(count)} x {workload.ebs_gb.normalize():f} GB",
        )
    return line_item(
        "root-volume",
        gb_months,
        ZERO,
        "GB-months",
        (ChargePart(label, gb_months, "GB-months", price, gb_months * price.amount),),
    )


def public_ipv4_item(workload: Workload, table: PricingTable, count: int | Decimal) -> LineItem | None:
    """The public IPv4 addresses: one per instance, or the load balancer's; None when there are none.

    ``count`` is a scheduled fleet's average: an address is billed only while its instance runs.
    """
    if not workload.public_ipv4:
        return None
    addresses = ALB_ADDRESSES if workload.behind_load_balancer else count
    hours = HOURS_PER_MONTH * addresses
    price = table.public_ipv4 or _unpriced(
        "public_ipv4.per_hour",
        f"pricing table {table.name} has no public IPv4 charge (free before February 2024)",
    )
    whose = "load balancer" if workload.behind_load_balancer else "instance"
    label = f"{_count(addresses)} x IPv4 ({whose})"
    return line_item(
        "public-ipv4",
        hours,
        ZERO,
        "address-hours",
        (ChargePart(label, hours, "address-hours", price, hours * price.amount),),
    )


def _count(count: int | Decimal) -> str:
    """A whole count as it is; a scheduled fleet's average count, rounded for reading, as one."""
    return str(count) if isinstance(count, int) else f"{format_quantity(count)} avg"


def _unpriced(key: str, note: str) -> Price:
    return Price(ZERO, Confidence.UNPRICED, note, key)
