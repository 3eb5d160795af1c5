"""The ``costcalc`` command line: parse, call the library once, render, print.

Every ``CostcalcError`` becomes a one-line ``Error: ...`` and its exit code in
``CostcalcGroup.invoke``, the only place errors are converted.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from costcalc import __version__
from costcalc.comparison import compare as run_compare
from costcalc.errors import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, CheckFailed, CostcalcError, InputError
from costcalc.formats import OutputFormat, render
from costcalc.prices import ApiGatewayKind
from costcalc.workload import Workload

if TYPE_CHECKING:  # budgets, workload files and diffs load only in the commands that use them
    from costcalc.budgets import Budget

LAZY_COMMANDS = {
    "breakeven": "costcalc.cli_analysis:breakeven",
    "sweep": "costcalc.cli_analysis:sweep",
    "plot": "costcalc.cli_analysis:plot",
    "check": "costcalc.cli_files:check",
    "diff": "costcalc.cli_files:diff",
    "pricing": "costcalc.cli_pricing:pricing",
}
FLAG_NAMES = {"instances": "--instance", "requests": "--rpd/--rps/--requests-per-month", "only": "--workload"}


def flag_for(field: str) -> str:
    """The command-line flag a workload field comes from."""
    return FLAG_NAMES.get(field, "--" + field.replace("_", "-"))


class CostcalcGroup(click.Group):
    """A click group that turns costcalc's errors into one line and an exit code.

    Commands named in ``LAZY_COMMANDS`` are imported only when they run (or help lists them).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, the lazily loaded ones included."""
        return sorted({*super().list_commands(ctx), *(LAZY_COMMANDS if ctx.parent is None else {})})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A command, importing its module on first use."""
        target = LAZY_COMMANDS.get(cmd_name) if ctx.parent is None else None
        if target is None:
            return super().get_command(ctx, cmd_name)
        import importlib

        module, _, attribute = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; the one place a ``CostcalcError`` becomes ``Error: ...`` and an exit code."""
        from costcalc.pricing_tables import forget_tables_in_use

        forget_tables_in_use()
        try:
            result = super().invoke(ctx)
        except CheckFailed as exc:
            _warn_if_stale(ctx)  # the run did use its tables
            raise _CheckFailed(str(exc)) from None
        except click.UsageError as exc:
            # Keep usage errors to one line too, with a pointer to the help.
            where = exc.ctx.command_path if exc.ctx else ctx.command_path
            raise _BadInput(f"{exc.format_message().rstrip('.')} (see '{where} --help')") from None
        except InputError as exc:
            raise _BadInput(f"{flag_for(exc.field)}: {exc.message}") from None
        except CostcalcError as exc:
            failure = _CheckFailed if exc.exit_code == EXIT_CHECK_FAILED else _BadInput
            raise failure(str(exc)) from None
        _warn_if_stale(ctx)
        return result


def _warn_if_stale(ctx: click.Context) -> None:
    """On stderr: a warning for each price table in use older than --max-age days."""
    if ctx.invoked_subcommand in (None, "pricing"):
        return  # inspecting tables is not using them
    from costcalc.pricing_tables import staleness_warning, tables_in_use

    for name, as_of in tables_in_use().items():
        warning = staleness_warning(name, as_of, ctx.params.get("max_age"))
        if warning:
            click.echo(warning, err=True)


class _BadInput(click.ClickException):
    exit_code = EXIT_BAD_INPUT


class _CheckFailed(click.ClickException):
    exit_code = EXIT_CHECK_FAILED


class DecimalType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """A number read straight into ``Decimal``; range checks belong to ``Workload``."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Decimal:
        """Parse the option's text as an exact decimal."""
        if isinstance(value, Decimal):
            return value
        try:
            return Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(f"{value!r} is not a number", param, ctx)


NUMBER = DecimalType()


def print_result(rendered: Any) -> None:
    """Print a rendered result: a string as it is, a rich renderable through a plain console."""
    if isinstance(rendered, str):
        click.echo(rendered)
        return
    from rich.console import Console

    # Plain text in, plain text out: no markup, emoji or repr highlighting to parse (and faster).
    Console(soft_wrap=False, markup=False, emoji=False, highlight=False).print(rendered)


@click.group(cls=CostcalcGroup)
@click.version_option(__version__, prog_name="costcalc")
@click.option(
    "--max-age",
    type=int,
    default=180,
    show_default=True,
    envvar="COSTCALC_MAX_AGE",
    metavar="DAYS",
    help="Warn on stderr when a price table in use is older than DAYS; 0 turns the warning off.",
)
def cli(max_age: int) -> None:
    """Should this workload run on AWS Lambda or on always-on servers, and what does each cost?

    Exit codes: 0 OK, 1 a check failed, 2 bad input.
    """


FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice([f.value for f in OutputFormat]), default="table", show_default=True
)
PRICING_HELP = "Bundled table name or alias, or a YAML path."


def budget_from(max_monthly: Decimal | None, max_daily: Decimal | None) -> Budget | None:
    """The budget the --max-monthly/--max-daily flags give, if any."""
    if max_monthly is None and max_daily is None:
        return None
    from costcalc.budgets import Budget

    return Budget(monthly=max_monthly, daily=max_daily)


# Workload flags a --profile file may also set; given on the command line, they win.
WORKLOAD_FLAGS = {
    "rpd": "rpd",
    "rps": "rps",
    "requests_per_month": "requests_per_month",
    "ms": "ms",
    "memory": "memory",
    "arch": "arch",
    "region": "region",
    "free_tier": "free_tier",
    "storage": "storage",
    "api_gateway": "api_gateway",
    "instances": "instance",
    "peak_factor": "peak_factor",
    "cpu_share": "cpu_share",
    "utilization": "utilization",
    "min_instances": "min_instances",
    "load_balancer": "load_balancer",
}


def _given_on_command_line(ctx: click.Context, values: dict[str, Any]) -> dict[str, Any]:
    """Workload-file keys and values of the flags the user actually typed."""
    given = {}
    for param, key in WORKLOAD_FLAGS.items():
        if ctx.get_parameter_source(param) in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
            given[key] = values[param]
    return given


_WORKLOAD_OPTIONS = [
    click.option("--rpd", type=NUMBER, help="Requests per day."),
    click.option("--rps", type=NUMBER, help="Average requests per second."),
    click.option("--requests-per-month", type=NUMBER, help="Requests per month, used exactly as given."),
    click.option(
        "--ms", type=NUMBER, help="Average duration of one request, in ms (required without --profile)."
    ),
    click.option("--memory", type=NUMBER, default=Decimal(128), show_default=True, help="Lambda memory, MB."),
    click.option("--arch", type=click.Choice(["x86_64", "arm64"]), default="x86_64", show_default=True),
    click.option("--region", default="us-east-1", show_default=True),
    click.option("--pricing", default="aws", show_default=True, help=PRICING_HELP),
    click.option(
        "--free-tier/--no-free-tier",
        default=False,
        show_default=True,
        help="Apply Lambda's monthly free tier (one pool per account).",
    ),
    click.option(
        "--storage",
        type=NUMBER,
        default=Decimal(512),
        show_default=True,
        help="Lambda ephemeral storage, MB; above 512 is billed.",
    ),
    click.option(
        "--api-gateway", type=click.Choice(["none", "http", "rest"]), default="none", show_default=True
    ),
    click.option(
        "--instance",
        "instances",
        multiple=True,
        metavar="TYPE",
        help="EC2 type to compare (repeatable); default: the cheapest that carries the load.",
    ),
    click.option(
        "--peak-factor", type=NUMBER, default=Decimal(1), show_default=True, help="Peak over average rate."
    ),
    click.option(
        "--cpu-share",
        type=NUMBER,
        default=Decimal(1),
        show_default=True,
        help="Share of each request's duration spent on CPU.",
    ),
    click.option(
        "--utilization",
        type=NUMBER,
        default=Decimal("0.7"),
        show_default=True,
        help="Target CPU utilization per server at peak.",
    ),
    click.option("--min-instances", type=int, default=1, show_default=True),
    click.option(
        "--load-balancer", is_flag=True, help="Put an Application Load Balancer in front of the servers."
    ),
]


def workload_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The workload flags, shared by compare, breakeven, sweep and plot."""
    for option in reversed(_WORKLOAD_OPTIONS):
        command = option(command)
    return command


def workload_from(values: dict[str, Any]) -> dict[str, Any]:
    """Workload fields from the parsed flags (``--api-gateway none`` means no gateway); pops them."""
    fields = {name: values.pop(name) for name in WORKLOAD_FLAGS}
    gateway = fields["api_gateway"]
    fields["api_gateway"] = None if gateway == "none" else ApiGatewayKind(gateway)
    return fields


@cli.command()
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
    workload = workload_from(workload)
    if profile is not None:
        explicit_pricing = (
            pricing if ctx.get_parameter_source("pricing") is ParameterSource.COMMANDLINE else None
        )
        from costcalc.profiles import compare_profile

        overrides = _given_on_command_line(ctx, workload)
        result = compare_profile(
            profile, pricing=explicit_pricing, overrides=overrides, only=only, fallback=budget
        )
        print_result(render(result, OutputFormat(fmt)))
        if result.over:
            raise CheckFailed(f"over budget: {', '.join(cost.name for cost in result.over)}")
        return
    if only is not None:
        raise InputError("workload", "goes with --profile")
    if deploy is not None and budget is None:
        raise InputError("deploy", "goes with --max-monthly or --max-daily")
    comparison = run_compare(Workload(**with_deployed(workload, deploy)), pricing)
    if budget is not None:
        comparison = comparison.against(budget, deploy)
    if explain:
        comparison = comparison.explained()
    print_result(render(comparison, OutputFormat(fmt)))
    if comparison.budget and comparison.budget.over:
        raise CheckFailed(f"over budget: {comparison.budget.option} costs {comparison.budget.describe()}")


def with_deployed(workload: dict[str, Any], deploy: str | None) -> dict[str, Any]:
    """Make sure an ``ec2:TYPE`` deploy target is among the instances compared."""
    if deploy is None or deploy == "lambda":
        return workload
    from costcalc.workload_file import Deploy

    try:
        target = Deploy.parse(deploy).instance_type
    except ValueError as exc:
        raise InputError("deploy", str(exc)) from None
    if target and target not in workload["instances"]:
        return {**workload, "instances": (*workload["instances"], target)}
    return workload


def main() -> None:
    """Entry point of the ``costcalc`` command."""
    cli(prog_name="costcalc")


if __name__ == "__main__":  # pragma: no cover
    main()
