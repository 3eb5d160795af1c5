"""Words and numbers shared by every renderer: titles, quantities and rates as people read them."""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from costcalc.comparison import Comparison
from costcalc.money import format_money, format_quantity, format_rate
from costcalc.results import ChargePart, CostOption, LineItem

if TYPE_CHECKING:
    from costcalc.sweeps import Sweep

MILLION = Decimal(1_000_000)


def workload_title(comparison: Comparison) -> str:
    """``16,000 requests/day x 200 ms, 128 MB x86_64 in us-east-1``."""
    w = comparison.workload
    if w.rpd is not None:
        rate = f"{format_quantity(w.rpd)} requests/day"
    elif w.rps is not None:
        rate = f"{format_quantity(w.rps)} requests/s"
    else:
        rate = f"{format_quantity(w.monthly_requests)} requests/month"
    return f"{rate} x {format_quantity(w.ms)} ms, {format_quantity(w.memory)} MB {w.arch.value} in {w.region}"


def pricing_title(comparison: Comparison) -> str:
    """``pricing aws-2026-07-20 (as of 2026-07-20)``."""
    return f"pricing {comparison.pricing_name} (as of {comparison.pricing_as_of.isoformat()})"


def unit_rate(amount: Decimal, unit: str) -> str:
    """A unit price as people quote it: requests per million, hours per hour."""
    if unit == "requests":
        return f"{format_rate(amount * MILLION)}/M"
    if unit == "LCU-hours":
        return f"{format_rate(amount)}/LCU-h"
    if unit.endswith("hours"):
        return f"{format_rate(amount)}/h"
    return format_rate(amount)  # per unit of the usage column (GB-s)


def option_label(option: CostOption) -> str:
    """``lambda``, or ``ec2:m5.large x 2`` for servers."""
    return f"{option.name} x {option.count}" if option.count is not None else option.name


def item_quantity(item: LineItem) -> str:
    """Billable quantity, with the free tier shown when it took something off."""
    text = f"{format_quantity(item.quantity)} {item.unit}"
    if item.free > 0:
        text += f" ({format_quantity(item.usage)} - {format_quantity(item.free)} free)"
    return text


def item_rate(item: LineItem) -> str:
    """The item's unit price; ``tiered`` across volume tiers, ``see below`` across meters (ALB)."""
    if len(item.parts) == 1:
        return unit_rate(item.parts[0].price.amount, item.unit)
    return "tiered" if item.name in ("compute", "api-gateway") else "see below"


def part_quantity(part: ChargePart) -> str:
    """A part's quantity with its unit."""
    return f"{format_quantity(part.quantity)} {part.unit}"


def sweep_rows(sweep: Sweep) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a sweep as people read it: a column per option, the cheapest marked."""
    columns = sweep.columns()
    headers = ["Requests/day", "Memory MB", "ms", *columns, "Cheapest"]
    rows = []
    for point in sweep.points:
        costs = point.comparison.options
        cells = [format_money(costs[0].monthly)]
        if sweep.fixed_servers:
            cells += [format_money(option.monthly) for option in costs[1:]]
        else:
            server = costs[1]
            cells.append(f"{format_money(server.monthly)} ({server.instance_type})")
        rows.append(
            [
                format_quantity(point.requests_per_day),
                format_quantity(point.memory_mb),
                format_quantity(point.ms),
                *cells,
                point.cheapest,
            ]
        )
    return headers, rows


def markdown_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], right: Container[str] = ()
) -> list[str]:
    """A GitHub-flavoured Markdown table; columns named in ``right`` are right-aligned."""
    rule = " | ".join("---:" if header in right else "---" for header in headers)
    return [
        "| " + " | ".join(headers) + " |",
        f"| {rule} |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
