"""The formula trace behind every line item, in the style of AWS's worked examples.

```
3,000,000 requests x 1 s x 512 MB / 1024 = 1,500,000 GB-s
- 400,000 free tier = 1,100,000 GB-s x $0.00001667 = $18.34
```

Each line that arrives at money carries the exact amount, so a test (or a
reviewer) can check that the trace adds up to the line items.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from costcalc.model.comparison import Comparison
from costcalc.model.lambda_cost import billed_seconds
from costcalc.model.results import CostOption, LineItem
from costcalc.model.server_cost import LCU_REQUESTS_PER_HOUR
from costcalc.model.workload import DurationOn
from costcalc.money import format_money, format_quantity, plain
from costcalc.units import (
    HOURS_PER_MONTH,
    INCLUDED_STORAGE_MB,
    KB_PER_GB,
    MB_PER_GB,
    MS_PER_SECOND,
    unit_rate,
)


@dataclass(frozen=True, slots=True)
class TraceLine:
    """One step of the arithmetic behind a line item."""

    option: str
    item: str
    text: str
    amount: Decimal | None = None
    """The money this step arrives at, exactly; None for steps that arrive at a quantity."""


def trace(comparison: Comparison) -> tuple[TraceLine, ...]:
    """Every option's line items, step by step, ending in each option's total."""
    lines: list[TraceLine] = _duration(comparison)
    for option in comparison.options:
        if option.sizing is not None:
            lines += _sizing(comparison, option)
        for item in option.items:
            lines += _item(comparison, option, item)
        lines.append(
            TraceLine(
                option.name,
                "total",
                f"{option.name} total = {format_money(option.monthly)} a month",
                option.monthly,
            )
        )
    return tuple(lines)


def _q(value: Decimal, unit: str) -> str:
    return f"{format_quantity(value)} {unit}"


def _priced(option: CostOption, item: LineItem) -> list[TraceLine]:
    """``Q unit x $rate = $amount`` for each part, or per tier with a closing sum."""
    if len(item.parts) == 1:
        part = item.parts[0]
        rate = unit_rate(part.price.amount, part.unit)
        text = f"{_q(part.quantity, part.unit)} x {rate} = {format_money(part.monthly)}"
        return [TraceLine(option.name, item.name, text, part.monthly)]
    lines = [
        TraceLine(
            option.name,
            item.name,
            f"  {part.label}: {_q(part.quantity, part.unit)} x {unit_rate(part.price.amount, part.unit)} = "
            f"{format_money(part.monthly)}",
            part.monthly,
        )
        for part in item.parts
    ]
    lines.append(TraceLine(option.name, item.name, f"  {item.name} = {format_money(item.monthly)}"))
    return lines


def _duration(comparison: Comparison) -> list[TraceLine]:
    """How a duration measured on a server becomes Lambda's: its CPU part runs on Lambda's share."""
    w = comparison.workload
    if w.duration_on is DurationOn.LAMBDA:
        return []
    vcpus = format_quantity(comparison.lambda_vcpus, 4) if comparison.lambda_vcpus is not None else "?"
    text = (
        f"on Lambda = {plain(w.ms)} ms x (1 - {plain(w.cpu_share)}) + {plain(w.ms)} ms x "
        f"{plain(w.cpu_share)} x {w.threads} thread(s) / min({vcpus} vCPU, {w.threads}) = "
        f"{format_quantity(comparison.lambda_ms)} ms"
    )
    return [TraceLine("lambda", "duration", text)]


def _item(comparison: Comparison, option: CostOption, item: LineItem) -> list[TraceLine]:
    w = comparison.workload
    seconds = billed_seconds(comparison.lambda_ms, comparison.billing_increment_ms)
    requests = _q(w.monthly_requests, "requests")
    billed = (
        ""
        if seconds * MS_PER_SECOND == comparison.lambda_ms
        else f" (billed: {format_quantity(comparison.lambda_ms)} ms rounded up to "
        f"{plain(seconds * MS_PER_SECOND)} ms)"
    )
    head: list[str] = []
    per_gb = format_quantity(KB_PER_GB)
    if item.name == "logs":
        head.append(f"{requests} x {plain(w.log_kb)} KB / {per_gb} = {_q(item.usage, 'GB')}")
    elif item.name == "data-transfer":
        head.append(f"{requests} x {plain(w.egress_kb)} KB / {per_gb} = {_q(item.usage, 'GB')}")
    elif item.name == "root-volume" and option.count is not None:
        head.append(f"{option.count} x {plain(w.ebs_gb)} GB = {_q(item.usage, 'GB-months')}")
    elif item.name == "public-ipv4":
        addresses = item.usage / HOURS_PER_MONTH
        whose = "the load balancer's" if w.behind_load_balancer else "one an instance"
        head.append(
            f"{format_quantity(addresses)} addresses ({whose}) x {plain(HOURS_PER_MONTH)} h = "
            f"{_q(item.usage, 'address-hours')}"
        )
    elif item.name == "compute":
        size = f"{plain(w.memory)} MB / {plain(MB_PER_GB)}"
        head.append(f"{requests} x {plain(seconds)} s{billed} x {size} = {_q(item.usage, 'GB-s')}")
    elif item.name == "ephemeral-storage":
        extra = f"({plain(w.storage)} - {plain(INCLUDED_STORAGE_MB)}) MB"
        head.append(
            f"{requests} x {plain(seconds)} s x {extra} / {plain(MB_PER_GB)} = {_q(item.usage, 'GB-s')}"
        )
    elif item.name == "load-balancer":
        per_lcu_hour = format_quantity(LCU_REQUESTS_PER_HOUR)
        head.append(
            f"LCU-hours = {requests} / {per_lcu_hour} (one new connection a request, 25 a second per LCU)"
        )
    elif item.name == "instances" and option.count is not None:
        head.append(f"{option.count} x {plain(HOURS_PER_MONTH)} h = {_q(item.usage, 'instance-hours')}")
    lines = [TraceLine(option.name, item.name, text) for text in head]
    priced = _priced(option, item)
    if item.free > 0:
        # AWS's layout: the free tier comes off, and the rest is priced on the same line.
        free = f"- {format_quantity(item.free)} free tier = "
        if not head:
            lines.append(TraceLine(option.name, item.name, _q(item.usage, item.unit)))
        if len(item.parts) == 1:
            only = priced[0]
            priced = [TraceLine(only.option, only.item, free + only.text, only.amount)]
        else:
            lines.append(TraceLine(option.name, item.name, free + _q(item.quantity, item.unit)))
    return lines + priced


def _sizing(comparison: Comparison, option: CostOption) -> list[TraceLine]:
    w, s = comparison.workload, option.sizing
    assert s is not None
    rate = f"{format_quantity(s.average_rps)} req/s x {plain(w.sizing_peak_factor)} peak"
    seconds = plain(w.ms / MS_PER_SECOND)
    if w.duration_on is DurationOn.SERVER:
        share = f"{w.threads} thread(s)"
    elif comparison.lambda_vcpus is not None:
        share = f"min({format_quantity(comparison.lambda_vcpus, 4)} Lambda vCPU, {w.threads})"
    else:
        share = f"{w.threads} thread(s)"
    work = f"{seconds} s x {plain(w.cpu_share)} CPU share x {share} = {format_quantity(s.work, 6)} vCPU-s"
    usable = f"{s.vcpus} vCPU x {plain(s.per_vcpu)} per vCPU x {plain(w.utilization)} utilization"
    steps = [
        f"CPU work a request = {work}",
        f"peak CPU = {rate} x {format_quantity(s.work, 6)} vCPU-s = {format_quantity(s.cpu_demand, 4)} vCPU",
        f"per instance = {usable} = {format_quantity(s.capacity_per_instance)} vCPU",
        f"instances = max({w.min_instances}, ceil({format_quantity(s.cpu_demand, 4)} / "
        f"{format_quantity(s.capacity_per_instance)}) = {s.needed}) = {s.instances}",
    ]
    return [TraceLine(option.name, "sizing", text) for text in steps]
