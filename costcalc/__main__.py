"""Run the CLI as ``python -m costcalc``."""

from costcalc.cli import run

run()
