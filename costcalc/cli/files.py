"""``costcalc check`` and ``diff``: the commands for workload files in CI.

Loaded only when one of them runs, so ``compare`` starts without them.
"""

from __future__ import annotations

from decimal import Decimal

import click

import costcalc
from costcalc.cli import print_result
from costcalc.cli.options import FORMAT_OPTION, NUMBER, PRICING_HELP, budget_from
from costcalc.errors import CheckFailed
from costcalc.render import OutputFormat, render


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--warn-at",
    type=NUMBER,
    default="80",
    show_default=True,
    help="Percent of budget from which a workload is marked warn (it still passes).",
)
@click.option("--max-monthly", type=NUMBER, help="Monthly budget of workloads that have none.")
@click.option("--max-daily", type=NUMBER, help="Daily budget of workloads that have none.")
@click.option("--free-tier", is_flag=True, help="Share one account free tier among all Lambda workloads.")
@click.option("--pricing", default=None, help=PRICING_HELP + " Default: the file's pricing.")
@FORMAT_OPTION
def check(
    file: str,
    warn_at: Decimal,
    max_monthly: Decimal | None,
    max_daily: Decimal | None,
    free_tier: bool,
    pricing: str | None,
    fmt: str,
) -> None:
    """Check every workload of a file against its budget: exit 1 if any is over.

    \b
    Example:
      costcalc check workloads.yaml
      costcalc check workloads.yaml --free-tier --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    report = costcalc.check(
        file,
        pricing=pricing,
        warn_at=warn_at,
        fallback=budget_from(max_monthly, max_daily),
        free_tier=free_tier,
    )
    print_result(render(report, OutputFormat(fmt)))
    if report.over:
        from costcalc.render.words import check_verdict

        raise CheckFailed(check_verdict(report))


@click.command()
@click.argument("base", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option(
    "--fail-on-increase",
    metavar="PCT|$AMOUNT",
    help="Exit 1 when the monthly total rises by more than PCT percent (5 or 5%), or by more than "
    "$AMOUNT a month ($20; quote it in a shell).",
)
@click.option("--free-tier", is_flag=True, help="Share one account free tier among all Lambda workloads.")
@click.option("--pricing", default=None, help=PRICING_HELP + " Default: each file's pricing.")
@FORMAT_OPTION
def diff(
    base: str, new: str, fail_on_increase: str | None, free_tier: bool, pricing: str | None, fmt: str
) -> None:
    """Show how monthly costs change between two workload files (or two saved check JSONs).

    \b
    Example:
      costcalc diff main/workloads.yaml workloads.yaml --fail-on-increase 10%
      costcalc diff main/workloads.yaml workloads.yaml --fail-on-increase '$20'
      costcalc diff before.json after.json --format markdown
    """
    from costcalc.workload_files.diff import parse_increase_limit

    limit = parse_increase_limit(fail_on_increase) if fail_on_increase is not None else None
    result = costcalc.diff(base, new, pricing=pricing, free_tier=free_tier)
    print_result(render(result, OutputFormat(fmt)))
    if limit is not None and result.rises_past(limit):
        from costcalc.render.words import describe_increase_failure

        raise CheckFailed(describe_increase_failure(result, limit))
