"""Hostile input through every command: exit 0, 1 or 2, never a traceback, one bounded error line, valid JSON.

Seeded and bounded: a few seconds in CI. ``COSTCALC_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``
runs it longer.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.conftest import REPO, run_cli

EXAMPLES = int(os.environ.get("COSTCALC_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MAX_ERROR = 600
"""Characters in one error line at most."""

HOSTILE_NUMBERS = [
    "nan",
    "sNaN",
    "inf",
    "-inf",
    "Infinity",
    "-1",
    "0",
    "-0",
    "1e999999999",
    "1e-25",
    "1e-999999",
    "١٢",
    "1_000",
    "",
    " ",
    "\x1b[31m1",
    "1" * 5001,
    "0.000001",
    "1e99",
    "1e101",
    "12abc",
    "0x10",
    "\uff11\uff12",
    "+5",
    ".5",
    "5.",
    "1e",
    "--1",
    "\n3",
    "1e2\n",
    "\U0001d7d9\U0001d7da",
    "3.14159",
    "16000",
    "200",
    "1769",
]
numbers = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS), st.text(max_size=12), st.decimals(allow_nan=True).map(str)
)


def assert_sane(result, fmt: str = "table") -> None:  # type: ignore[no-untyped-def]
    """The contract every command keeps, whatever it was given."""
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr[-500:])
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
        assert len(lines[0]) <= MAX_ERROR and "\x1b" not in lines[0], lines[0][:200]
    if result.exit_code == 0 and fmt == "json":
        json.loads(result.stdout)


@seed(1)
@FUZZ
@given(
    rate=numbers, ms=numbers, memory=numbers, flag=st.sampled_from(["--rpd", "--rps", "--requests-per-month"])
)
def test_compare_takes_any_numbers(rate: str, ms: str, memory: str, flag: str) -> None:
    assert_sane(run_cli("compare", flag, rate, "--ms", ms, "--memory", memory, "--format", "json"), "json")


@seed(2)
@FUZZ
@given(
    option=st.sampled_from(
        [
            "--threads",
            "--ebs-gb",
            "--log-kb",
            "--egress-kb",
            "--max-monthly",
            "--max-daily",
            "--peak-factor",
            "--cpu-share",
            "--utilization",
            "--min-instances",
            "--storage",
            "--server-memory",
            "--family",
            "--region",
            "--instance",
            "--pricing",
            "--deploy",
            "--duration-on",
            "--arch",
            "--api-gateway",
        ]
    ),
    value=st.one_of(numbers, st.sampled_from(["nosuch", "M5.LARGE", "ec2:", "a b", "é", "../../etc/passwd"])),
)
def test_every_compare_flag_takes_any_value(option: str, value: str) -> None:
    assert_sane(run_cli("compare", "--rpd", "16000", "--ms", "200", option, value))


@seed(3)
@FUZZ
@given(low=numbers, high=numbers, ms_at=numbers, points=numbers)
def test_sweep_and_breakeven_take_any_numbers(low: str, high: str, ms_at: str, points: str) -> None:
    assert_sane(run_cli("sweep", "--rpd", "1000", "--memory-range", f"{low}:{high}", "--ms-at", f"{ms_at}=5"))
    assert_sane(run_cli("sweep", "--ms", "100", "--rpd-range", f"{low}:{high}", "--points", points))
    assert_sane(run_cli("breakeven", "--rps", low, "--ms", high, "--format", "json"), "json")


EXAMPLE = (REPO / "examples" / "workloads.yaml").read_bytes()
TABLE = (REPO / "pricing" / "aws-2015.yaml").read_bytes()


def _mutated(data: bytes, rng: random.Random) -> bytes:
    """A copy with a few bytes flipped, deleted, duplicated or replaced by something hostile."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            break
        at = rng.randrange(len(out))
        kind = rng.randrange(5)
        if kind == 0:
            out[at] ^= 1 << rng.randrange(8)
        elif kind == 1:
            del out[at : at + rng.randint(1, 40)]
        elif kind == 2:
            out[at:at] = out[at : at + rng.randint(1, 40)]
        elif kind == 3:
            out[at:at] = rng.choice(
                [b"\t", b"\x00", b"\x1b[2J", b"|<b>", b": &a\n", b"!!python/object:os.system", b"1e999999"]
            )
        else:
            del out[at:]
    return bytes(out)


@seed(4)
@FUZZ
@given(which=st.randoms(use_true_random=False))
def test_damaged_workload_files_and_tables_are_one_line(
    tmp_path_factory: pytest.TempPathFactory, which: random.Random
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    workloads, table = folder / "w.yaml", folder / "t.yaml"
    workloads.write_bytes(_mutated(EXAMPLE, which))
    table.write_bytes(_mutated(TABLE, which))
    for fmt in ("json", "markdown"):
        assert_sane(run_cli("check", str(workloads), "--format", fmt), fmt)
    assert_sane(run_cli("diff", str(REPO / "examples" / "workloads.yaml"), str(workloads)))
    assert_sane(run_cli("pricing", "validate", str(table)))
    assert_sane(run_cli("compare", "--rpd", "16000", "--ms", "200", "--pricing", str(table)))


def test_a_dead_fetch_endpoint_is_one_line(tmp_path: Path) -> None:
    # Nothing listens on port 9 of the loopback address: the connection is refused at once.
    result = run_cli(
        "pricing",
        "fetch",
        "--endpoint",
        "http://127.0.0.1:9",
        "--tries",
        "1",
        "--out",
        str(tmp_path / "t.yaml"),
    )
    assert result.exit_code == 2
    assert_sane(result)
