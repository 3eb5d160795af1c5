"""``costcalc compare``: one workload (or a workload file) on Lambda and on servers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import click
from click.core import ParameterSource

import costcalc
from costcalc.cli import print_result, warn
from costcalc.cli.options import (
    FORMAT_OPTION,
    NUMBER,
    GroupedHelp,
    budget_from,
    given_on_command_line,
    workload_from,
    workload_options,
)
from costcalc.errors import CheckFailed, InputError
from costcalc.render import OutputFormat, render
from costcalc.render.words import concurrency_warning


@click.command(cls=GroupedHelp)
@workload_options
@click.option("--profile", type=click.Path(dir_okay=False), help="Compare the workloads of a workload file.")
@click.option("--workload", "only", metavar="NAME", help="With --profile: only this workload.")
@click.option(
    "--max-monthly", type=NUMBER, help="Budget per month: exit 1 when the deployed option is over it."
)
@click.option("--max-daily", type=NUMBER, help="Budget per day: exit 1 when the deployed option is over it.")
@click.option(
    "--deploy",
    metavar="OPTION",
    help="With a budget: the option you run on (lambda or ec2:TYPE); default: the cheapest.",
)
@click.option("--explain", is_flag=True, help="Show the formula trace behind every line item.")
@FORMAT_OPTION
@click.pass_context
def compare(
    ctx: click.Context,
    /,
    pricing: str,
    fmt: str,
    profile: str | None,
    only: str | None,
    max_monthly: Decimal | None,
    max_daily: Decimal | None,
    deploy: str | None,
    explain: bool,
    **workload: Any,
) -> None:
    """Compare the monthly and daily cost of a workload on Lambda and on EC2.

    \b
    Example:
      costcalc compare --rpd 16000 --ms 200
      costcalc compare --rps 50 --ms 120 --memory 512 --instance t3.small --format json
      costcalc compare --profile workloads.yaml --workload orders-api --memory 1024
    """
    budget = budget_from(max_monthly, max_daily)
    fields = workload_from(workload)
    if profile is None:
        if only is not None:
            raise InputError("workload", "goes with --profile")
        result = costcalc.compare(costcalc.Workload(**fields), pricing, budget=budget, deploy=deploy)
        print_result(render(result, OutputFormat(fmt), explain=explain))
        warn(concurrency_warning(result))
        if result.budget and result.budget.over:
            from costcalc.render.words import over_budget

            raise CheckFailed(over_budget(result.budget))
        return
    typed_pricing = ctx.get_parameter_source("pricing") is ParameterSource.COMMANDLINE
    profiled = costcalc.compare_profile(
        profile,
        pricing=pricing if typed_pricing else None,
        overrides=given_on_command_line(ctx, fields),
        only=only,
        fallback=budget,
    )
    print_result(render(profiled, OutputFormat(fmt), explain=explain))
    if profiled.over:
        raise CheckFailed(f"over budget: {', '.join(cost.name for cost in profiled.over)}")
