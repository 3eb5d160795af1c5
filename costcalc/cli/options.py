"""Command-line options shared by the commands, the workload flags generated from ``Workload``'s fields."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from costcalc.model.workload import FieldSpec, workload_fields
from costcalc.numbers import NumberError, parse_decimal
from costcalc.render import OutputFormat

if TYPE_CHECKING:  # budgets load only in the commands that use them
    from costcalc.model.budgets import Budget


class DecimalType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """A number read straight into ``Decimal``; range checks belong to ``Workload``."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Decimal:
        """Parse the option's text as an exact decimal."""
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(str(value))
        except NumberError as exc:
            self.fail(str(exc), param, ctx)


NUMBER = DecimalType()


class PairType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """Two numbers with a separator: ``LOW:HIGH``, ``MEMORY=MS``."""

    def __init__(self, separator: str, name: str) -> None:
        self.separator = separator
        self.name = name

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[Decimal, Decimal]:
        """Parse the pair into two exact decimals."""
        first, sep, second = str(value).partition(self.separator)
        if not sep:
            self.fail(f"{value!r} is not {self.name.upper()}", param, ctx)
        return NUMBER.convert(first, param, ctx), NUMBER.convert(second, param, ctx)


FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in OutputFormat]),
    default="table",
    show_default=True,
    help="How to print the result: a table for people, the others for programs and pages.",
)
PRICING_HELP = "Bundled table name or alias, or a YAML path."
PRICING_OPTION = click.option("--pricing", default="aws", show_default=True, help=PRICING_HELP)

SPECIAL_FLAGS = {"requests": "--rpd/--rps/--requests-per-month", "only": "--workload"}


def flag_of(name: str, spec: FieldSpec) -> str:
    """The command-line flag of a workload field."""
    return spec.flag or "--" + name.replace("_", "-")


FIELD_FLAGS = {name: flag_of(name, spec) for name, _, spec in workload_fields()}
FILE_KEYS = {name: spec.key or name for name, _, spec in workload_fields()}
"""Workload field to workload-file key: a --profile file may set the same values as the flags."""


def flag_for(field: str) -> str:
    """The command-line flag an error about ``field`` names."""
    return SPECIAL_FLAGS.get(field) or FIELD_FLAGS.get(field) or "--" + field.replace("_", "-")


Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _option(name: str, default: Any, spec: FieldSpec) -> Decorator:
    """The click option of one workload field, from its ``FieldSpec``."""
    flag = flag_of(name, spec)
    if spec.kind == "switch":
        return click.option(
            f"{flag}/--no-{flag[2:]}", name, default=default, show_default=True, help=spec.help
        )
    if spec.kind == "names":
        return click.option(flag, name, multiple=True, metavar=spec.metavar or "TYPE", help=spec.help)
    if isinstance(default, Enum):
        default = default.value
    if default is None and spec.none:
        default = spec.none
    kinds: dict[str, Any] = {
        "number": NUMBER,
        "whole": int,
        "text": str,
        "choice": click.Choice(spec.choices, case_sensitive=False),
    }
    return click.option(
        flag,
        name,
        type=kinds[spec.kind],
        default=default,
        show_default=default is not None,
        metavar=spec.metavar or None,
        help=spec.help,
    )


_WORKLOAD_OPTIONS: list[Decorator] = [_option(name, value, spec) for name, value, spec in workload_fields()]
# The traffic shape is one model field given two ways; each builds a TrafficShape (see workload_from).
_SHAPE_OPTIONS: list[Decorator] = [
    click.option(
        "--hourly",
        metavar="W1,...,W24",
        help="Traffic shape: 24 (a day) or 168 (a week from Monday 00:00) relative weights, comma-separated.",
    ),
    click.option(
        "--traffic",
        type=click.Path(dir_okay=False),
        help="Traffic shape from a CSV or YAML file of hourly counts; gives the volume when no rate is.",
    ),
]


def workload_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The workload flags and --pricing, shared by compare, breakeven, sweep and plot."""
    options: list[Decorator] = [*_WORKLOAD_OPTIONS, *_SHAPE_OPTIONS, PRICING_OPTION]
    for option in reversed(options):
        command = option(command)
    return command


HELP_HEADINGS: dict[str, tuple[str, ...]] = {
    "Workload": (
        "ms",
        "rpd",
        "rps",
        "requests_per_month",
        "duration_on",
        "cpu_share",
        "threads",
        "arch",
        "region",
    ),
    "Lambda": (
        "memory",
        "storage",
        "api_gateway",
        "free_tier",
        "provisioned_concurrency",
        "provisioned_hours",
        "provisioned_share",
    ),
    "Servers": (
        "instances",
        "families",
        "previous_generation",
        "server_memory",
        "utilization",
        "min_instances",
        "load_balancer",
        "ebs_gb",
        "public_ipv4",
    ),
    "Buying": ("purchases", "max_interruption"),
    "Fargate and Managed Instances": (
        "options",
        "task_size",
        "task_storage_gb",
        "runtime",
        "concurrency_per_vcpu",
        "managed_instance",
        "managed_min_instances",
    ),
    "Traffic": ("hourly", "traffic", "scaling", "scale_headroom", "peak_factor", "log_kb", "egress_kb"),
    "Budget": ("max_monthly", "max_daily", "deploy"),
    "Input": ("pricing", "profile", "only"),
    "Output": ("explain", "fmt", "out"),
}
"""``--help`` headings and the parameters under each; a command's own options come first, as "Options"."""

_HEADING_OF = {name: heading for heading, names in HELP_HEADINGS.items() for name in names}


class GroupedHelp(click.Command):
    """A command whose ``--help`` lists its options under headings: workload, Lambda, servers, ..."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options by heading, in the order of ``HELP_HEADINGS``."""
        groups: dict[str, list[tuple[str, str]]] = {"Options": []}
        groups.update((heading, []) for heading in HELP_HEADINGS)
        help_option = self.get_help_option(ctx)
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                heading = "Output" if param is help_option else _HEADING_OF.get(param.name or "", "Options")
                groups[heading].append(record)
        for heading, records in groups.items():
            if records:
                with formatter.section(heading):
                    formatter.write_dl(records)


def workload_from(values: dict[str, Any]) -> dict[str, Any]:
    """Workload fields from the parsed flags (the word for None, such as ``none``, made None); pops them."""
    fields: dict[str, Any] = {}
    for name, _, spec in workload_fields():
        value = values.pop(name)
        fields[name] = None if spec.none and value == spec.none else value
    hourly, traffic = values.pop("hourly"), values.pop("traffic")
    if hourly is not None or traffic is not None:
        from costcalc.workload_files.shape_input import shape_from

        fields["shape"] = shape_from(hourly, traffic)
    return fields


def given_on_command_line(ctx: click.Context, fields: dict[str, Any]) -> dict[str, Any]:
    """Workload-file keys and values of the flags the user actually typed."""
    given = {}
    for name, key in FILE_KEYS.items():
        if ctx.get_parameter_source(name) in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT):
            given[key] = fields[name]
    if fields.get("shape") is not None:
        given["shape"] = fields["shape"]  # replaces a file's hourly or traffic
    return given


def budget_from(max_monthly: Decimal | None, max_daily: Decimal | None) -> Budget | None:
    """The budget the --max-monthly/--max-daily flags give, if any."""
    if max_monthly is None and max_daily is None:
        return None
    from costcalc.model.budgets import Budget

    return Budget(monthly=max_monthly, daily=max_daily)
