"""Terminal views of price tables: the bundled list, and one table in detail."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from costcalc.describe import MILLION, unit_rate
from costcalc.money import format_quantity, format_rate, plain
from costcalc.prices import ApiGatewayKind, Arch, PricingTable, Tier
from costcalc.pricing_review import PricingDiff
from costcalc.pricing_tables import ALIASES, bundled_names, load_pricing, resolve_alias


def pricing_list_table() -> RenderableType:
    """Every bundled table with its date, source, and the aliases that point at it."""
    table = Table(show_edge=False)
    for column in ("Name", "As of", "Aliases", "Source"):
        table.add_column(column)
    aliases: dict[str, list[str]] = {}
    for alias in ALIASES:
        aliases.setdefault(resolve_alias(alias), []).append(alias)
    for name in bundled_names():
        pricing = load_pricing(name)
        table.add_row(name, pricing.as_of.isoformat(), ", ".join(aliases.get(name, [])), pricing.source)
    return table


def _tiers(tiers: tuple[Tier, ...]) -> str:
    first = plain(tiers[0].price.amount)
    return first if len(tiers) == 1 else f"{first} +"


def pricing_detail(pricing: PricingTable) -> RenderableType:
    """Where the table comes from, its Lambda rates by region, its front doors and EC2 coverage."""
    header = Text.assemble(
        (f"{pricing.name}", "bold"),
        f"  as of {pricing.as_of.isoformat()}  ({pricing.currency})\n",
        f"{pricing.source}\n",
    )
    lam = pricing.lambda_
    rules = Text(
        f"Lambda: billed in {plain(lam.billing_increment_ms)} ms increments; "
        f"memory {plain(lam.memory_mb.minimum)}-"
        f"{plain(lam.memory_mb.maximum)} MB in {plain(lam.memory_mb.step)} MB steps; free tier "
        f"{format_quantity(lam.free_tier.requests)} requests and "
        f"{format_quantity(lam.free_tier.gb_seconds)} GB-s "
        "a month."
    )
    lambda_table = Table(
        title="Lambda rates (duration: first tier; + more tiers)", title_justify="left", show_edge=False
    )
    for column in ("Region", "$/M requests", "x86_64 $/GB-s", "arm64 $/GB-s", "Ephemeral $/GB-s"):
        lambda_table.add_column(column, justify="left" if column == "Region" else "right")
    for region in sorted(lam.regions):
        prices = lam.regions[region]
        requests = next(iter(prices.archs.values())).request.amount * MILLION
        durations = [_tiers(prices.archs[arch].duration) if arch in prices.archs else "-" for arch in Arch]
        storage = plain(prices.ephemeral_storage.amount) if prices.ephemeral_storage else "-"
        lambda_table.add_row(region, format_rate(requests)[1:], *durations, storage)
    fronts = Table(title="API Gateway and load balancer", title_justify="left", show_edge=False)
    for column in ("Region", "REST API", "HTTP API", "ALB"):
        fronts.add_column(column)
    for region in sorted(set(pricing.api_gateway) | set(pricing.load_balancer)):
        gateway = pricing.api_gateway.get(region)
        kinds = [
            unit_rate(gateway[kind][0].price.amount, "requests") + ("+" if len(gateway[kind]) > 1 else "")
            if gateway and kind in gateway
            else "-"
            for kind in (ApiGatewayKind.REST, ApiGatewayKind.HTTP)
        ]
        balancer = pricing.load_balancer.get(region)
        alb = (
            f"{unit_rate(balancer.per_hour.amount, 'hours')} + "
            f"{unit_rate(balancer.per_lcu_hour.amount, 'LCU-hours')}"
            if balancer
            else "-"
        )
        fronts.add_row(region, *kinds, alb)
    ec2 = Table(title="EC2 on-demand Linux", title_justify="left", show_edge=False)
    for column in ("Region", "Instance types", "Source"):
        ec2.add_column(column, justify="right" if column == "Instance types" else "left")
    for region in pricing.ec2.region_names():
        plain_region = pricing.ec2.regions[region]
        ec2.add_row(region, f"{len(plain_region['prices']):,}", ", ".join(plain_region["source"]))
    parts: list[RenderableType] = [header, rules, Text(""), lambda_table, Text(""), fronts, Text(""), ec2]
    if pricing.notes:
        parts += [Text(""), Text(f"Notes: {pricing.notes}")]
    return Group(*parts)


def pricing_diff_table(diff: PricingDiff) -> RenderableType:
    """The summary, then one line per change."""
    lines = [Text(f"{diff.old} -> {diff.new}: {diff.summary()}", style="bold"), Text("")]
    return Group(*lines, *(Text(line) for line in diff.lines()))


def pricing_diff_markdown(diff: PricingDiff) -> str:
    """A heading, the summary and a bullet per change."""
    return "\n".join(
        [
            f"### Price changes: `{diff.old}` -> `{diff.new}`",
            "",
            f"**{diff.summary()}**",
            "",
            *(f"- {line}" for line in diff.lines()),
        ]
    )
