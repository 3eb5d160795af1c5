"""The ``costcalc`` command line: parse, call the library once, render, print.

Every ``CostcalcError`` becomes a one-line ``Error: ...`` and its exit code in
``CostcalcGroup.invoke``, the only place errors are converted. Each command
lives in its own module and is imported only when it runs (or help lists it).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from costcalc._version import __version__
from costcalc.errors import (
    EXIT_BAD_INPUT,
    EXIT_CHECK_FAILED,
    CheckFailed,
    CostcalcError,
    InputError,
    one_line,
)
from costcalc.numbers import shown

LAZY_COMMANDS = {
    "compare": "costcalc.cli.compare:compare",
    "breakeven": "costcalc.cli.analysis:breakeven",
    "sweep": "costcalc.cli.analysis:sweep",
    "plot": "costcalc.cli.analysis:plot",
    "check": "costcalc.cli.files:check",
    "diff": "costcalc.cli.files:diff",
    "pricing": "costcalc.cli.pricing:pricing",
}


class CostcalcGroup(click.Group):
    """A click group that turns costcalc's errors into one line and an exit code.

    Commands named in ``LAZY_COMMANDS`` are imported only when they run (or help lists them).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Take ``--max-age`` wherever it stands: before the command or after it."""
        return super().parse_args(ctx, _max_age_first(args))

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
        from costcalc.catalog.bundled import forget_tables_in_use

        forget_tables_in_use()
        try:
            ctx.params["max_age"] = _max_age(ctx.params.get("max_age"))
            result = super().invoke(ctx)
        except CheckFailed as exc:
            _warn_if_stale(ctx)  # the run did use its tables
            raise _CheckFailed(str(exc)) from None
        except click.BadParameter as exc:
            # A flag's value: name the flag as InputError does, "--rpd: expected a number, got 'x'".
            if exc.param is None or not exc.param.opts:
                raise _BadInput(one_line(exc.format_message())) from None
            raise _BadInput(one_line(f"{exc.param.opts[0]}: {exc.message.rstrip('.')}")) from None
        except click.UsageError as exc:
            # Keep usage errors to one line too, with a pointer to the help.
            where = exc.ctx.command_path if exc.ctx else ctx.command_path
            raise _BadInput(one_line(f"{exc.format_message().rstrip('.')} (see '{where} --help')")) from None
        except InputError as exc:
            from costcalc.cli.options import flag_for

            raise _BadInput(one_line(f"{flag_for(exc.field)}: {exc.message}")) from None
        except CostcalcError as exc:
            failure = _CheckFailed if exc.exit_code == EXIT_CHECK_FAILED else _BadInput
            raise failure(one_line(str(exc))) from None
        _warn_if_stale(ctx)
        return result


def _max_age_first(args: list[str]) -> list[str]:
    """``args`` with any ``--max-age DAYS`` moved to the front, where the group's option is parsed."""
    moved: list[str] = []
    rest: list[str] = []
    items = iter(args)
    for arg in items:
        if arg == "--":
            rest += [arg, *items]
            break
        if arg == "--max-age":
            moved += [arg, next(items, "")]
        elif arg.startswith("--max-age="):
            moved.append(arg)
        else:
            rest.append(arg)
    return [*moved, *rest]


def _max_age(value: object) -> int:
    """``--max-age`` (or ``COSTCALC_MAX_AGE``) as a whole number of days, 0 or more."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise InputError("max_age", f"expected a whole number of days, 0 or more, got {shown(text)}")
    return int(text)


def _warn_if_stale(ctx: click.Context) -> None:
    """On stderr: a warning for each price table in use older than --max-age days."""
    if ctx.invoked_subcommand in (None, "pricing"):
        return  # inspecting tables is not using them
    from costcalc.catalog.bundled import staleness_warning, tables_in_use

    for name, as_of in tables_in_use().items():
        warning = staleness_warning(name, as_of, ctx.params.get("max_age"))
        if warning:
            click.echo(warning, err=True)


class _BadInput(click.ClickException):
    exit_code = EXIT_BAD_INPUT


class _CheckFailed(click.ClickException):
    exit_code = EXIT_CHECK_FAILED


def warn(message: str | None) -> None:
    """A warning on stderr, where it never mixes with the data on stdout."""
    if message:
        click.echo(f"Warning: {message}", err=True)


ASCII_MARKS = {
    "✅": "[ok]",
    "⚠️": "[warn]",
    "❌": "[over]",
    "┃": "|",
    "━": "-",
    "╇": "+",
    "│": "|",
    "─": "-",
    "┼": "+",
}
"""What an output that cannot encode them gets instead (a Windows runner writing cp1252)."""


def print_result(rendered: Any) -> None:
    """Print a rendered result: a string as it is, a rich renderable through a plain console.

    Output that the stream's encoding cannot hold degrades to ASCII marks
    rather than failing: a job summary written on Windows is cp1252.
    """
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if not isinstance(rendered, str):
        from rich.console import Console

        # Plain text in, plain text out: no markup, emoji or repr highlighting to parse (and faster).
        console = Console(soft_wrap=False, markup=False, emoji=False, highlight=False)
        if _encodes("┃━✅", encoding):
            console.print(rendered)
            return
        with console.capture() as captured:
            console.print(rendered)
        rendered = captured.get().rstrip("\n")
    click.echo(rendered if _encodes(rendered, encoding) else _ascii(rendered, encoding))


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _ascii(text: str, encoding: str) -> str:
    for mark, plain in ASCII_MARKS.items():
        text = text.replace(mark, plain)
    return text.encode(encoding, errors="replace").decode(encoding, errors="replace")


@click.group(cls=CostcalcGroup)
@click.version_option(__version__, prog_name="costcalc")
@click.option(
    "--max-age",
    default="180",
    show_default=True,
    envvar="COSTCALC_MAX_AGE",
    metavar="DAYS",
    help="Warn on stderr when a price table in use is older than DAYS; 0 turns the warning off.",
)
def cli(max_age: str) -> None:
    """Should this workload run on AWS Lambda or on always-on servers, and what does each cost?

    Exit codes: 0 OK, 1 a check failed, 2 bad input.
    """


def main() -> None:
    """Entry point of the ``costcalc`` command.

    Ctrl-C exits 130 (128 + SIGINT, the shell's convention) with one line on stderr,
    where click would say ``Aborted!`` and exit 1, as if a check had failed.
    """
    import sys

    try:
        code = cli.main(prog_name="costcalc", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("Interrupted", err=True)
        sys.exit(130)
    if isinstance(code, int):  # an explicit exit (--help, --version) returns its code
        sys.exit(code)


def run() -> None:
    """The ``costcalc`` process: ``main`` without the cycle collector, to the end of the process.

    A run's objects are prices, rows and results that reference counting frees.
    The collector would find a few hundred cyclic objects in a whole import of a
    large offer file, at the cost of rescanning everything else: about 4% of a
    compare's time and over a fifth of a large import's, for the same peak
    memory. It stays off rather than coming back at the end, where it would scan
    everything once more on the way out.
    """
    import gc

    gc.disable()
    main()
