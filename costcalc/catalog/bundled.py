"""Finding price tables: the bundled ones by name, a user's own by path.

Bundled tables live in ``pricing/`` (inside the wheel as ``costcalc/pricing``).
Their names are their file stems; the alias ``aws`` means the newest ``aws-*``.
"""

from __future__ import annotations

import datetime
import os

from costcalc.catalog.cache import load_plain
from costcalc.catalog.model import PricingTable
from costcalc.catalog.schema import table_from_plain
from costcalc.errors import PricingError, did_you_mean
from costcalc.numbers import shown

ALIASES = {"aws": "aws-"}
"""Alias name to the name prefix whose newest table it means."""


def bundled_dir() -> str:
    """The folder of bundled tables: in the wheel, or at the top of a source checkout."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    installed = os.path.join(package, "pricing")
    return installed if os.path.isdir(installed) else os.path.join(os.path.dirname(package), "pricing")


def bundled_names() -> list[str]:
    """Names of the bundled tables, oldest first (names carry their date)."""
    return sorted(name[: -len(".yaml")] for name in os.listdir(bundled_dir()) if name.endswith(".yaml"))


def resolve_alias(name: str) -> str:
    """The table an alias stands for; other names are returned as they are."""
    prefix = ALIASES.get(name)
    if prefix is None:
        return name
    matching = [n for n in bundled_names() if n.startswith(prefix)]
    if not matching:
        raise PricingError(f"pricing alias {name!r} matches no bundled table")
    return matching[-1]


def looks_like_path(name: str) -> bool:
    """Whether a ``--pricing`` value names a file rather than a bundled table."""
    return name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name


def table_path(name_or_path: str | os.PathLike[str]) -> tuple[str, str]:
    """The display name and file of a table given by bundled name, alias or path."""
    if not isinstance(name_or_path, str) or looks_like_path(name_or_path):
        path = os.fspath(name_or_path)
        if not os.path.isfile(path):
            what = "is a directory, not a pricing file" if os.path.isdir(path) else "no such pricing file"
            raise PricingError(f"{path}: {what}")
        return os.path.splitext(os.path.basename(path))[0], path
    known = [*ALIASES, *bundled_names()]
    if name_or_path not in known and name_or_path.lower() in known:
        name_or_path = name_or_path.lower()  # AWS is aws: names are unambiguous in any case
    name = resolve_alias(name_or_path)
    path = os.path.join(bundled_dir(), f"{name}.yaml")
    if not os.path.isfile(path):
        hint = did_you_mean(name_or_path, known)
        raise PricingError(f"unknown pricing table {shown(name_or_path)}{hint} (known: {', '.join(known)})")
    return name, path


def bundled_tables() -> list[tuple[PricingTable, list[str]]]:
    """Every bundled table, oldest first, with the aliases that point at it."""
    aliases: dict[str, list[str]] = {}
    for alias in ALIASES:
        aliases.setdefault(resolve_alias(alias), []).append(alias)
    return [(load_pricing(name), aliases.get(name, [])) for name in bundled_names()]


_IN_USE: dict[str, datetime.date] = {}


def load_pricing(name_or_path: str | os.PathLike[str] = "aws") -> PricingTable:
    """Load a bundled table by name or alias, or a table file by path, validated."""
    name, path = table_path(name_or_path)
    shipped = os.path.dirname(os.path.abspath(path)) == bundled_dir()
    table = table_from_plain(name, load_plain(path, shipped=shipped), path)
    _IN_USE[name] = table.as_of
    return table


def forget_tables_in_use() -> None:
    """Start a new run's record of tables used (a command line, or a test's invocation of it)."""
    _IN_USE.clear()


def tables_in_use() -> dict[str, datetime.date]:
    """Every table this process has loaded, with its date: what a staleness warning speaks of."""
    return dict(_IN_USE)


DEFAULT_MAX_AGE_DAYS = 180


def staleness_warning(
    table_name: str,
    as_of: datetime.date,
    max_age_days: int | None = DEFAULT_MAX_AGE_DAYS,
    today: datetime.date | None = None,
) -> str | None:
    """A warning when the table is older than ``max_age_days`` (None or 0: never)."""
    if not max_age_days:
        return None
    age = ((today or datetime.date.today()) - as_of).days
    if age <= max_age_days:
        return None
    return (
        f"Warning: pricing table {table_name} is {age:,} days old (as of {as_of.isoformat()}); "
        "prices may have changed. Pass --max-age 0 to silence this."
    )
