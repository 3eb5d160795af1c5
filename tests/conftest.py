"""Shared fixtures: an isolated compiled-table cache, a pinned-width CLI runner, the bundled tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from costcalc import PricingTable, load_pricing
from costcalc.cli import cli

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
# Tables age with the calendar; staleness has its own tests, so golden output leaves it out.
CLI_ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "COSTCALC_MAX_AGE": "0"}


@pytest.fixture(autouse=True)
def isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets the session's own cache, never the user's."""
    directory = tmp_path_factory.getbasetemp() / "costcalc-cache"
    monkeypatch.setenv("COSTCALC_CACHE_DIR", str(directory))
    yield directory


@pytest.fixture(scope="session")
def current() -> PricingTable:
    return load_pricing("aws")


@pytest.fixture(scope="session")
def launch() -> PricingTable:
    return load_pricing("aws-2015")


def run_cli(*args: str) -> Result:
    """Invoke the CLI at a pinned width with colour off; stderr kept apart from stdout."""
    return CliRunner().invoke(cli, list(args), env=CLI_ENV, catch_exceptions=False, prog_name="costcalc")


def golden(name: str, actual: str) -> str:
    """The stored golden text; ``COSTCALC_UPDATE_GOLDEN=1`` rewrites it from ``actual``."""
    import os

    path = GOLDEN / name
    if os.environ.get("COSTCALC_UPDATE_GOLDEN") == "1":
        path.write_text(actual)
    return path.read_text()
