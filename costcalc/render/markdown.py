"""Markdown views: fit for a job summary, a PR comment or a README."""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from typing import TYPE_CHECKING

from costcalc.errors import one_line
from costcalc.money import format_money
from costcalc.render.words import (
    CHECK_HEADERS,
    CHECK_RIGHT,
    DIFF_HEADERS,
    DIFF_RIGHT,
    FREE_TIER_HEADERS,
    SPLIT_HEADERS,
    SPLIT_RIGHT,
    break_even_lines,
    check_hints,
    check_row,
    check_total_row,
    check_verdict,
    describe_budget_result,
    describe_price_change,
    diff_row,
    diff_summary,
    flip_lines,
    free_tier_rows,
    item_quantity,
    item_rate,
    option_label,
    price_split_line,
    pricing_diff_summary,
    pricing_title,
    shown_total,
    split_rows,
    sweep_rows,
    sweep_title,
    verdict,
    workload_title,
)

if TYPE_CHECKING:
    from costcalc.catalog.review import PricingDiff
    from costcalc.model.breakeven_report import BreakEvenReport
    from costcalc.model.compare_many import BatchComparison
    from costcalc.model.comparison import Comparison
    from costcalc.model.sweeps import Sweep
    from costcalc.workload_files.check import CheckReport, WorkloadCheck
    from costcalc.workload_files.diff import CostDiff
    from costcalc.workload_files.profile import ProfileComparison


class MarkdownViews:
    """Every result as GitHub-flavoured Markdown."""

    def __init__(self, explain: bool = False) -> None:
        self.explain = explain

    def comparison(self, result: Comparison) -> str:
        """A heading, a table of line items, the verdict and the assumptions."""
        return comparison_markdown(result, explain=self.explain)

    def profile(self, result: ProfileComparison) -> str:
        """Each workload's comparison, one after another."""
        return profile_markdown(result, self.explain)

    def breakeven(self, result: BreakEvenReport) -> str:
        """A heading and one bullet per crossing."""
        return breakeven_markdown(result)

    def sweep(self, result: Sweep) -> str:
        """A heading and a table of the sweep."""
        return sweep_markdown(result)

    def batch(self, result: BatchComparison) -> str:
        """A table with a row per workload."""
        return batch_markdown(result)

    def check(self, result: CheckReport) -> str:
        """A budget check for a job summary or PR comment."""
        return check_markdown(result)

    def diff(self, result: CostDiff) -> str:
        """A cost diff for a PR comment."""
        return diff_markdown(result)

    def pricing_diff(self, result: PricingDiff) -> str:
        """Price changes between two tables."""
        return pricing_diff_markdown(result)


def markdown_table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], right: Container[str] = ()
) -> list[str]:
    """A GitHub-flavoured Markdown table; columns named in ``right`` are right-aligned."""
    rule = " | ".join("---:" if header in right else "---" for header in headers)
    return [
        "| " + " | ".join(headers) + " |",
        f"| {rule} |",
        *("| " + " | ".join(md(cell) for cell in row) + " |" for row in rows),
    ]


_MARKDOWN = str.maketrans(
    {"\\": "\\\\", "|": "\\|", "`": "\\`", "*": "\\*", "_": "\\_", "<": "&lt;", ">": "&gt;", "&": "&amp;"}
)


def md(text: str) -> str:
    """User text (a workload name, a path) safe in Markdown: no table split, no HTML, no formatting.

    A job summary or PR comment renders Markdown and HTML; a name such as ``a|b`` or
    ``<img onerror=...>`` must show as it is written, not break the table or run.
    """
    return one_line(text).translate(_MARKDOWN)


def comparison_markdown(comparison: Comparison, name: str | None = None, explain: bool = False) -> str:
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
        daily = shown_total(option.daily, (item.daily for item in option.items))
        monthly = shown_total(option.monthly, (item.monthly for item in option.items))
        lines.append(f"| **{name}** | **total{marker}** | | | **{daily}** | **{monthly}** |")
    lines += ["", f"**{verdict(comparison)}**", ""]
    lines += [f"- Break-even: {line}." for line in break_even_lines(comparison.break_even)]
    if comparison.budget:
        lines += ["", describe_budget_result(comparison.budget)]
    lines += ["", "<details><summary>Assumptions</summary>", ""]
    lines += [f"- {line}" for line in comparison.assumptions]
    lines += [f"- Uncertain price: {line}" for line in comparison.price_notes]
    lines += ["", "</details>"]
    if explain:
        from costcalc.model.explain import trace

        steps = [line.text for line in trace(comparison)]
        lines += [
            "",
            "<details><summary>How each figure is computed</summary>",
            "",
            "```",
            *steps,
            "```",
            "",
            "</details>",
        ]
    return "\n".join(lines)


def profile_markdown(profile: ProfileComparison, explain: bool = False) -> str:
    """Each workload's comparison, one after another."""
    return "\n\n".join(
        comparison_markdown(cost.comparison, f"{md(cost.name)} (deployed on {md(cost.deploy.name)})", explain)
        for cost in profile.costs
    )


def breakeven_markdown(report: BreakEvenReport) -> str:
    """A heading and one bullet per crossing."""
    heading = f"### Break-even: {workload_title(report.comparison)}"
    return "\n".join(
        [
            heading,
            "",
            f"_{pricing_title(report.comparison)}_",
            "",
            *(f"- {line}" for line in break_even_lines(report.analyses)),
        ]
    )


def sweep_markdown(sweep: Sweep) -> str:
    """A heading and a table of the sweep."""
    headers, rows = sweep_rows(sweep)
    lines = [
        f"### {sweep_title(sweep)}",
        "",
        f"_pricing {sweep.pricing_name}_",
        "",
        *markdown_table(headers, rows, headers[:-1]),
    ]
    return "\n".join(lines)


def batch_markdown(batch: BatchComparison) -> str:
    """A heading and a table with a row per workload."""
    headers = ("#", "Lambda / month", "Server", "Server / month", "Cheapest")
    rows = (
        (
            f"{index + 1:,}",
            format_money(row.lambda_monthly),
            f"{row.server} x {row.count}",
            format_money(row.server_monthly),
            row.cheapest,
        )
        for index, row in enumerate(batch.rows)
    )
    lines = [
        f"### compare_many: {len(batch):,} workloads",
        "",
        f"_pricing {batch.pricing_name}_",
        "",
        *markdown_table(headers, rows, ("#", "Lambda / month", "Server / month")),
    ]
    return "\n".join(lines)


STATUS_ICON = {"ok": "✅", "warn": "⚠️", "over": "❌"}
STATUS_MARK = {status: f"{icon} {status}" for status, icon in STATUS_ICON.items()}


def _check_cells(check: WorkloadCheck) -> list[str]:
    *cells, status = check_row(check)
    return [*cells, f"{STATUS_ICON[check.status.value]} {status}"]


def check_markdown(report: CheckReport) -> str:
    """A heading, a table and a one-line verdict: a job summary or PR comment as it stands."""
    lines = [
        f"### costcalc budget check: {STATUS_MARK[report.status.value]}",
        "",
        f"{md(report.path)}, pricing {md(report.pricing_name)}",
        "",
        *markdown_table(
            CHECK_HEADERS,
            [*(_check_cells(check) for check in report.checks), check_total_row(report)],
            CHECK_RIGHT,
        ),
    ]
    lines += ["", f"**{check_verdict(report)}**"]
    hints = check_hints(report)
    if hints:
        lines += ["", *(f"- {hint}" for hint in hints)]
    free_rows = free_tier_rows(report)
    if free_rows:
        lines += [
            "",
            "Shared free tier, split in proportion to usage:",
            "",
            *markdown_table(FREE_TIER_HEADERS, free_rows, FREE_TIER_HEADERS[1:]),
        ]
    return "\n".join(lines)


def diff_markdown(diff: CostDiff) -> str:
    """A heading, a table and the total, for a PR comment."""
    lines = [
        "### costcalc cost diff",
        "",
        f"{md(diff.base)} -> {md(diff.new)}",
        "",
        *markdown_table(DIFF_HEADERS, (diff_row(row) for row in diff.rows), DIFF_RIGHT),
        "",
        f"**{diff_summary(diff)}**",
    ]
    split = price_split_line(diff)
    if split:
        lines += ["", md(split)]
    causes = split_rows(diff)
    if causes:
        lines += ["", *markdown_table(SPLIT_HEADERS, causes, SPLIT_RIGHT)]
    flips = flip_lines(diff)
    if flips:
        lines += ["", *(f"- :twisted_rightwards_arrows: {line}" for line in flips)]
    return "\n".join(lines)


def pricing_diff_markdown(diff: PricingDiff) -> str:
    """A heading, the summary and a bullet per change."""
    return "\n".join(
        [
            f"### Price changes: {md(diff.old)} -> {md(diff.new)}",
            "",
            f"**{pricing_diff_summary(diff)}**",
            "",
            *(f"- {describe_price_change(change)}" for change in diff.changes),
        ]
    )
