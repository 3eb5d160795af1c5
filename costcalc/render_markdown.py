"""A comparison as Markdown: fit for a job summary, a PR comment or a README."""

from __future__ import annotations

from typing import TYPE_CHECKING

from costcalc.comparison import Comparison
from costcalc.describe import (
    item_quantity,
    item_rate,
    markdown_table,
    option_label,
    pricing_title,
    sweep_rows,
    workload_title,
)
from costcalc.money import format_money

if TYPE_CHECKING:
    from costcalc.breakeven_report import BreakEvenReport
    from costcalc.profiles import ProfileComparison
    from costcalc.sweeps import Sweep


def comparison_markdown(comparison: Comparison, name: str | None = None) -> str:
    """A heading, a table of line items, the verdict and the assumptions."""
    cheapest = comparison.cheapest.name
    lead = f"{name}: " if name else ""
    lines = [
        f"### {lead}Lambda vs servers: {workload_title(comparison)}",
        "",
        f"_{pricing_title(comparison)}_",
        "",
        "| Option | Item | Quantity / month | Rate | Daily | Monthly |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for option in comparison.options:
        name = option_label(option)
        for item in option.items:
            lines.append(
                f"| {name} | {item.name} | {item_quantity(item)} | {item_rate(item)} | "
                f"{format_money(item.daily)} | {format_money(item.monthly)} |"
            )
        marker = " (cheapest)" if option.name == cheapest else ""
        lines.append(
            f"| **{name}** | **total{marker}** | | | **{format_money(option.daily)}** | "
            f"**{format_money(option.monthly)}** |"
        )
    lines += ["", f"**{comparison.verdict}**", ""]
    lines += [f"- Break-even: {line}." for b in comparison.break_even for line in b.describe()]
    if comparison.budget:
        lines += ["", comparison.budget.describe()]
    lines += ["", "<details><summary>Assumptions</summary>", ""]
    lines += [f"- {line}" for line in comparison.assumptions]
    lines += [f"- Uncertain price: {line}" for line in comparison.price_notes]
    lines += ["", "</details>"]
    if comparison.show_explain:
        from costcalc.explain import explain

        trace = [line.text for line in explain(comparison)]
        lines += [
            "",
            "<details><summary>How each figure is computed</summary>",
            "",
            "```",
            *trace,
            "```",
            "",
            "</details>",
        ]
    return "\n".join(lines)


def profile_markdown(profile: ProfileComparison) -> str:
    """Each workload's comparison, one after another."""
    return "\n\n".join(
        comparison_markdown(cost.comparison, f"{cost.name} (deployed on {cost.deploy.name})")
        for cost in profile.costs
    )


def breakeven_markdown(report: BreakEvenReport) -> str:
    """A heading and one bullet per crossing."""
    heading = f"### Break-even: {workload_title(report.comparison)}"
    return "\n".join(
        [heading, "", f"_{pricing_title(report.comparison)}_", "", *(f"- {line}" for line in report.lines())]
    )


def sweep_markdown(sweep: Sweep) -> str:
    """A heading and a table of the sweep."""
    headers, rows = sweep_rows(sweep)
    lines = [
        f"### {sweep.title}",
        "",
        f"_pricing {sweep.pricing_name}_",
        "",
        *markdown_table(headers, rows, headers[:-1]),
    ]
    return "\n".join(lines)
