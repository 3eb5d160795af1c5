"""Start-up benchmark: a cold ``costcalc compare`` against the bare dependency import.

Usage: python scripts/bench_startup.py [--runs 40] [--args "breakeven --rps 20 --ms 120 --memory 1024"]

Builds a fresh virtual environment with a regular (non-editable) install, as a
user gets it, then times both commands side by side, interleaved, in new
processes, and prints the ratio of their medians (target: at most 1.25).
``--args`` times another costcalc command line instead of the compare.
"Cold" is a new process every run. The wheel ships compiled price tables, so
even the first run after install parses no YAML; it is reported on its own.
The same compare is also timed against a full all-region catalog (the bundled
us-east-1 EC2 prices copied to 30 regions), which must stay within the bound.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASELINE = ["-c", "import click, rich.console, rich.table, yaml"]
COMPARE = ["compare", "--rpd", "16000", "--ms", "200"]
FULL_CATALOG = """
import sys
from costcalc.catalog.cache import load_plain
from costcalc.catalog.writer import write_table
from costcalc.catalog.bundled import table_path
plain = load_plain(table_path("aws")[1])
regions = plain["ec2"]["regions"]
us_east_1 = dict(regions["us-east-1"])
names = [f"region-{n:02d}" for n in range(30)]
copies = {name: {**us_east_1, "prices": dict(us_east_1["prices"])} for name in names}
plain["ec2"]["regions"] = {**dict(regions), **copies}
write_table(plain, sys.argv[1])
"""


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--args", default=" ".join(COMPARE), help="The costcalc command line to time.")
    args = parser.parse_args()
    command = args.args.split()
    with tempfile.TemporaryDirectory() as scratch:
        venv = Path(scratch) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python, costcalc = str(venv / "bin" / "python"), str(venv / "bin" / "costcalc")
        subprocess.run([python, "-m", "pip", "install", "-q", str(REPO)], check=True)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["COSTCALC_CACHE_DIR"] = str(Path(scratch) / "cache")
        first = timed([costcalc, *command], env)  # the wheel's compiled tables, no user cache yet
        catalog = str(Path(scratch) / "full.yaml")
        subprocess.run([python, "-c", FULL_CATALOG, catalog], env=env, check=True)
        full_cmd = [costcalc, *command, "--pricing", catalog]
        timed(full_cmd, env)  # compile it once, as any later run would find it
        baseline_cmd, compare_cmd = [python, *BASELINE], [costcalc, *command]
        for _ in range(5):  # warm the OS caches
            timed(baseline_cmd, env), timed(compare_cmd, env)
        # Interleaved, so drift in machine speed hits both commands alike.
        baseline_runs, compare_runs, full_runs = [], [], []
        for _ in range(args.runs):
            baseline_runs.append(timed(baseline_cmd, env))
            compare_runs.append(timed(compare_cmd, env))
            full_runs.append(timed(full_cmd, env))
    baseline, candidate = statistics.median(baseline_runs), statistics.median(compare_runs)
    pairwise = statistics.median(c / b for b, c in zip(baseline_runs, compare_runs, strict=True))
    full = statistics.median(full_runs)
    print(f"runs      {args.runs} of each, interleaved; medians")
    print(f"baseline  python {' '.join(BASELINE)}: {baseline * 1000:.1f} ms")
    print(f"command   costcalc {' '.join(command)}: {candidate * 1000:.1f} ms")
    print(
        f"ratio     {candidate / baseline:.2f} of medians, {pairwise:.2f} median of run pairs "
        "(target <= 1.25)"
    )
    print(f"full catalog {full * 1000:.1f} ms with a 30-region EC2 catalog: ratio {full / baseline:.2f}")
    print(f"first run after install (empty user cache): {first * 1000:.0f} ms")


if __name__ == "__main__":
    main()
