"""The ``costcalc`` command line: parse, call the library once, render, print.

Every ``CostcalcError`` becomes a one-line ``Error: ...`` and its exit code in
``CostcalcGroup.invoke``, the only place errors are converted.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import click

from costcalc import __version__
from costcalc.errors import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, CostcalcError, InputError
from costcalc.formats import OutputFormat

FLAG_NAMES = {"instances": "--instance", "requests": "--rpd/--rps/--requests-per-month"}


def flag_for(field: str) -> str:
    """The command-line flag a workload field comes from."""
    return FLAG_NAMES.get(field, "--" + field.replace("_", "-"))


class CostcalcGroup(click.Group):
    """A click group that turns costcalc's errors into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; the one place a ``CostcalcError`` becomes ``Error: ...`` and an exit code."""
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            # Keep usage errors to one line too, with a pointer to the help.
            where = exc.ctx.command_path if exc.ctx else ctx.command_path
            raise _BadInput(f"{exc.format_message().rstrip('.')} (see '{where} --help')") from None
        except InputError as exc:
            raise _BadInput(f"{flag_for(exc.field)}: {exc.message}") from None
        except CostcalcError as exc:
            failure = _CheckFailed if exc.exit_code == EXIT_CHECK_FAILED else _BadInput
            raise failure(str(exc)) from None


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


def _print(rendered: Any) -> None:
    if isinstance(rendered, str):
        click.echo(rendered)
        return
    from rich.console import Console

    # Plain text in, plain text out: no markup, emoji or repr highlighting to parse (and faster).
    Console(soft_wrap=False, markup=False, emoji=False, highlight=False).print(rendered)


@click.group(cls=CostcalcGroup)
@click.version_option(__version__, prog_name="costcalc")
def cli() -> None:
    """Should this workload run on AWS Lambda or on always-on servers, and what does each cost?

    Exit codes: 0 OK, 1 a check failed, 2 bad input.
    """


@cli.command()
@click.option("--rpd", type=NUMBER, help="Requests per day.")
@click.option("--rps", type=NUMBER, help="Average requests per second.")
@click.option("--requests-per-month", type=NUMBER, help="Requests per month, used exactly as given.")
@click.option("--ms", type=NUMBER, required=True, help="Average duration of one request, in ms.")
@click.option("--memory", type=NUMBER, default=Decimal(128), show_default=True, help="Lambda memory, MB.")
@click.option("--arch", type=click.Choice(["x86_64", "arm64"]), default="x86_64", show_default=True)
@click.option("--region", default="us-east-1", show_default=True)
@click.option(
    "--pricing", default="aws", show_default=True, help="Bundled table name or alias, or a YAML path."
)
@click.option(
    "--free-tier/--no-free-tier",
    default=False,
    show_default=True,
    help="Apply Lambda's monthly free tier (one pool per account).",
)
@click.option(
    "--storage",
    type=NUMBER,
    default=Decimal(512),
    show_default=True,
    help="Lambda ephemeral storage, MB; above 512 is billed.",
)
@click.option("--api-gateway", type=click.Choice(["none", "http", "rest"]), default="none", show_default=True)
@click.option(
    "--instance",
    "instances",
    multiple=True,
    metavar="TYPE",
    help="EC2 type to compare (repeatable); default: the cheapest that carries the load.",
)
@click.option(
    "--peak-factor", type=NUMBER, default=Decimal(1), show_default=True, help="Peak over average rate."
)
@click.option(
    "--cpu-share",
    type=NUMBER,
    default=Decimal(1),
    show_default=True,
    help="Share of each request's duration spent on CPU.",
)
@click.option(
    "--utilization",
    type=NUMBER,
    default=Decimal("0.7"),
    show_default=True,
    help="Target CPU utilization per server at peak.",
)
@click.option("--min-instances", type=int, default=1, show_default=True)
@click.option(
    "--load-balancer", is_flag=True, help="Put an Application Load Balancer in front of the servers."
)
@click.option(
    "--format", "fmt", type=click.Choice([f.value for f in OutputFormat]), default="table", show_default=True
)
def compare(pricing: str, api_gateway: str, fmt: str, **workload: Any) -> None:
    """Compare the monthly and daily cost of a workload on Lambda and on EC2.

    \b
    Example:
      costcalc compare --rpd 16000 --ms 200
      costcalc compare --rps 50 --ms 120 --memory 512 --instance t3.small --format json
    """
    from costcalc.comparison import compare as run_compare
    from costcalc.formats import render_comparison
    from costcalc.workload import Workload

    gateway = None if api_gateway == "none" else api_gateway
    result = run_compare(Workload(api_gateway=gateway, **workload), pricing)  # type: ignore[arg-type]
    _print(render_comparison(result, OutputFormat(fmt)))


@cli.group()
def pricing() -> None:
    """Inspect the price tables."""


@pricing.command("list")
def pricing_list() -> None:
    """List the bundled price tables with their date and source.

    \b
    Example:
      costcalc pricing list
    """
    from costcalc.render_pricing import pricing_list_table

    _print(pricing_list_table())


@pricing.command("show")
@click.argument("name")
def pricing_show(name: str) -> None:
    """Show a table's regions, instance counts and Lambda rates.

    \b
    Example:
      costcalc pricing show aws
      costcalc pricing show ./negotiated.yaml
    """
    from costcalc.pricing_tables import load_pricing
    from costcalc.render_pricing import pricing_detail

    _print(pricing_detail(load_pricing(name)))


def main() -> None:
    """Entry point of the ``costcalc`` command."""
    cli(prog_name="costcalc")


if __name__ == "__main__":  # pragma: no cover
    main()
