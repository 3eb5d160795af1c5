"""``costcalc pricing``: list, show, validate, diff, import and fetch price tables.

Loaded only when a pricing command runs, so ``compare`` starts without it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from costcalc.cli import print_result, warn
from costcalc.cli.options import FORMAT_OPTION
from costcalc.errors import InputError
from costcalc.render import OutputFormat, render

if TYPE_CHECKING:
    from costcalc.catalog.aws_offers.importer import ImportResult

MERGE_OPTION = click.option(
    "--merge",
    is_flag=True,
    help="Keep the --base table's other EC2 types in each region imported, each under its own source.",
)


def _check_merge(merge: bool) -> None:
    """--merge keeps a base's types, so the base must be named, not left to its default."""
    source = click.get_current_context().get_parameter_source("base")
    if merge and source is ParameterSource.DEFAULT:
        raise InputError("merge", "give --base TABLE: the table whose other EC2 types to keep")


@click.group()
def pricing() -> None:
    """Inspect the price tables."""


@pricing.command("list")
def pricing_list() -> None:
    """List the bundled price tables with their date and source.

    \b
    Example:
      costcalc pricing list
    """
    from costcalc.catalog.bundled import bundled_tables
    from costcalc.render.terminal import pricing_list_table

    print_result(pricing_list_table(bundled_tables()))


@pricing.command("show")
@click.argument("name")
def pricing_show(name: str) -> None:
    """Show a table's regions, instance counts and Lambda rates.

    \b
    Example:
      costcalc pricing show aws
      costcalc pricing show ./negotiated.yaml
    """
    from costcalc.catalog.bundled import load_pricing
    from costcalc.render.terminal import pricing_detail

    print_result(pricing_detail(load_pricing(name)))


@pricing.command("validate")
@click.argument("table")
def pricing_validate(table: str) -> None:
    """Check a price table completely (a file, or a bundled table's name): schema, types, sources.

    Errors give file:line: key.

    \b
    Example:
      costcalc pricing validate ./negotiated.yaml
      costcalc pricing validate aws
    """
    from costcalc.catalog.bundled import table_path
    from costcalc.catalog.review import validate_pricing_file
    from costcalc.render.words import describe_valid_table

    print_result(describe_valid_table(validate_pricing_file(table_path(table)[1])))


@pricing.command("diff")
@click.argument("old")
@click.argument("new")
@FORMAT_OPTION
def pricing_diff(old: str, new: str, fmt: str) -> None:
    """List the prices added, removed and changed (with percent) between two tables.

    \b
    Example:
      costcalc pricing diff aws-2015 aws
      costcalc pricing diff pricing/aws-2026-07-20.yaml ./refreshed.yaml --format json
    """
    from costcalc.catalog.review import pricing_diff as run_pricing_diff

    print_result(render(run_pricing_diff(old, new), OutputFormat(fmt)))


@pricing.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), help="The table to write (default: NAME.yaml).")
@click.option("--name", help="The table's name: the file is NAME.yaml unless --out says otherwise.")
@click.option("--base", default="aws", show_default=True, help="Table the files do not cover is taken from.")
@MERGE_OPTION
@click.option(
    "--region", "regions", multiple=True, help="Only this region's EC2 and Fargate prices (repeatable)."
)
@click.option("--family", "families", multiple=True, help="Only this instance family, e.g. m7g (repeatable).")
def pricing_import(
    files: tuple[str, ...],
    out: str | None,
    name: str | None,
    base: str,
    merge: bool,
    regions: tuple[str, ...],
    families: tuple[str, ...],
) -> None:
    """Import AWS Price List offer files (AWSLambda, AmazonEC2, AmazonECS; CSV or JSON) into a price table.

    Streams each file; the table is validated, then written atomically. An EC2 region the files
    price replaces the base's, unless --merge keeps the base's other types there. The Reserved
    terms of an AmazonEC2 file and the rates of an AWSComputeSavingsPlan file (JSON) become the
    table's Reserved and Savings Plans rates; an AmazonECS file gives Fargate's prices.

    \b
    Example:
      costcalc pricing import AWSLambda-us-east-1.json AmazonEC2-us-east-1.csv --name aws-2026-11-26
      costcalc compare --rpd 16000 --ms 200 --pricing aws-2026-11-26.yaml
      costcalc pricing import m7g-prices.csv --base aws --merge --name aws-m7g
      costcalc pricing import AWSComputeSavingsPlan-us-east-1.json --name aws-plans
    """
    from costcalc.catalog.aws_offers.importer import import_offers

    if out is None and name is None:
        raise InputError("out", "give --out FILE or --name NAME")
    _check_merge(merge)
    target = out or f"{name}.yaml"
    result = import_offers(
        files,
        target,
        base=base,
        regions=regions,
        families=families,
        show_progress=sys.stderr.isatty(),
        merge=merge,
    )
    _report(result)


@pricing.command("fetch")
@click.option(
    "--service",
    "services",
    multiple=True,
    type=click.Choice(["AWSLambda", "AmazonEC2", "AWSComputeSavingsPlan", "AmazonECS"]),
    help=(
        "Offer to download (repeatable; default: all but AmazonECS, which prices Fargate; "
        "the Savings Plans file is JSON)."
    ),
)
@click.option("--region", default="us-east-1", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="The table to write (default: NAME.yaml).")
@click.option("--name", help="The table's name: the file is NAME.yaml unless --out says otherwise.")
@click.option("--base", default="aws", show_default=True, help="Table the offers do not cover is taken from.")
@MERGE_OPTION
@click.option(
    "--offer-format",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Download the CSV (smaller) or the JSON offer file.",
)
@click.option("--endpoint", help="Price List base URL (also COSTCALC_PRICING_ENDPOINT).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait on each read.")
@click.option("--tries", type=click.IntRange(1, 10), default=3, show_default=True)
@click.option("--deadline", type=float, help="Seconds all the downloads may take together.  [default: 3600]")
@click.option(
    "--max-size",
    metavar="SIZE",
    help="Largest offer file to take: bytes, or with KB, MB, GB (or KiB, MiB, GiB).  [default: 12GB]",
)
def pricing_fetch(
    services: tuple[str, ...],
    region: str,
    out: str | None,
    name: str | None,
    base: str,
    merge: bool,
    offer_format: str,
    endpoint: str | None,
    timeout: float,
    tries: int,
    deadline: float | None,
    max_size: str | None,
) -> None:
    """Download the current AWS offer files for a region and import them into a price table.

    Each download is checked against --max-size; all of them against --deadline.

    \b
    Example:
      costcalc pricing fetch --region eu-west-1 --name aws-eu-west-1
      costcalc pricing fetch --region eu-west-1 --service AmazonECS --name aws-fargate-eu
    """
    from costcalc.catalog.aws_offers.fetch import fetch_offers

    if out is None and name is None:
        raise InputError("out", "give --out FILE or --name NAME")
    _check_merge(merge)
    result = fetch_offers(
        services or None,
        region,
        out or f"{name}.yaml",
        fmt=offer_format,
        endpoint=endpoint,
        base=base,
        timeout=timeout,
        tries=tries,
        max_size=max_size,
        deadline=deadline,
        show_progress=sys.stderr.isatty(),
        merge=merge,
    )
    _report(result)


def _report(result: ImportResult) -> None:
    """What an import or fetch wrote, and what it warns of, on stderr (stdout stays for data)."""
    from costcalc.render.words import import_summary

    for message in result.warnings:
        warn(message)
    click.echo(import_summary(result), err=True)
