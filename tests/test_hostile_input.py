"""Reproducers from a hostile-input review: each one a line and exit 2, or a right answer; never a traceback."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import FileFormatError, Workload, compare
from costcalc.yaml_source import read_text
from tests.conftest import REPO, run_cli
from tests.tables import MINIMAL_TABLE, write_table


def one_error(result, text: str | None = None) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.exit_code, result.stdout[-300:], result.stderr)
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: ") and len(line) <= len("Error: ") + 400
    if text is not None:
        assert text in line, line
    return str(line)


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("--rpd", "1e-25"), "less than one request in a million months"),
        (("--rpd", "1e999999999"), "out of range (1e-100 to 1e100)"),
        (("--ms", "1e999999999"), "out of range"),
        (("--max-monthly", "1e26"), "from $0.01 to $1,000,000,000,000"),
        (("--max-monthly", "1e-30"), "from $0.01 to $1,000,000,000,000"),
        (("--rpd", "١٢"), "expected a number in ASCII digits"),
        (("--rpd", "\uff11\uff12"), "expected a number in ASCII digits"),
        (("--rpd", "1" * 5001), "at most 100 characters"),
        (("--threads", "1" * 5001), ""),
    ],
)
def test_hostile_numbers_on_the_command_line(args: tuple[str, ...], text: str) -> None:
    flags = {"--rpd": "16000", "--ms": "200", **dict(zip(args[::2], args[1::2], strict=True))}
    one_error(run_cli("compare", *(part for pair in flags.items() for part in pair)), text)


@pytest.mark.parametrize("ms_at", ["NaN=5", "sNaN=1", "128=inf"])
def test_sweep_refuses_what_is_not_a_finite_number(ms_at: str) -> None:
    one_error(
        run_cli("sweep", "--rpd", "1000", "--memory-range", "128:2048", "--ms-at", ms_at), "finite number"
    )


def test_plot_with_the_free_tier_and_twice_the_same_instance(tmp_path: Path) -> None:
    assert run_cli("plot", "--rpd", "16000", "--ms", "200", "--free-tier", "--points", "5").exit_code == 0
    out = tmp_path / "c.png"
    twice = run_cli(
        "plot",
        "--rpd",
        "16000",
        "--ms",
        "200",
        "--instance",
        "t3.small",
        "--instance",
        "t3.small",
        "--out",
        str(out),
    )
    assert twice.exit_code == 0 and out.stat().st_size > 1000
    assert compare(Workload(rpd=1, ms=1, instances=("t3.small", "t3.small")), "aws").workload.instances == (
        "t3.small",
    )


def workload_file(tmp_path: Path, body: str, name: str = "w.yaml") -> str:
    path = tmp_path / name
    path.write_text("version: 1\nworkloads:\n" + body)
    return str(path)


def test_workload_file_values_that_cannot_be_used(tmp_path: Path) -> None:
    no_ms = workload_file(tmp_path, "  a:\n    rpd: 100\n    deploy: lambda\n    budget: {daily: 1}\n")
    one_error(run_cli("check", no_ms), ":3: workloads.a: the average duration is required")
    digits = workload_file(
        tmp_path, f"  a:\n    rpd: 1{'0' * 5000}\n    ms: 1\n    deploy: lambda\n", "d.yaml"
    )
    one_error(run_cli("check", digits), ":4: workloads.a.rpd: expected a number of at most 100 characters")
    tiny = workload_file(
        tmp_path,
        "  a:\n    rpd: 1\n    ms: 1\n    deploy: lambda\n    budget: {daily: 1e-999999999}\n",
        "t.yaml",
    )
    one_error(run_cli("check", tiny), ":7: workloads.a.budget.daily: '1e-999999999' is out of range")
    unicode = workload_file(tmp_path, "  a:\n    rpd: ١٢\n    ms: 1\n    deploy: lambda\n", "u.yaml")
    one_error(run_cli("check", unicode), "expected a number in ASCII digits")


@pytest.mark.parametrize(
    ("line", "bad", "text"),
    [
        ("        small.one: 0.05", "        small.one: 1e999999", "out of range"),
        ("        small.one: 0.05", "        small.one: 5000000", "expected a number from 0 to 1,000,000"),
        ("  billing_increment_ms: 1", "  billing_increment_ms: 1e-999999", "out of range"),
        ("  billing_increment_ms: 1", "  billing_increment_ms: 0.0000001", "from 0.001 to 86,400,000"),
        (
            "    test-1:\n      prices:",
            '    "test\\0x":\n      prices:',
            "expected a name of lower-case letters",
        ),
    ],
)
def test_tables_that_validate_are_tables_compare_can_use(
    tmp_path: Path, line: str, bad: str, text: str
) -> None:
    assert line in MINIMAL_TABLE
    path = write_table(tmp_path, MINIMAL_TABLE.replace(line, bad, 1))
    one_error(run_cli("pricing", "validate", str(path)), text)
    one_error(
        run_cli("compare", "--rpd", "100", "--ms", "100", "--region", "test-1", "--pricing", str(path)), text
    )


def test_a_workload_file_never_prints_a_file_that_is_not_a_price_table(tmp_path: Path) -> None:
    secret = tmp_path / "credentials"
    secret.write_text("https://user:SECRET-TOKEN@example.com\n")
    for pricing in (str(secret), "credentials", "../" * 8 + "etc/passwd"):
        path = workload_file(
            tmp_path, "  a:\n    rpd: 1\n    ms: 1\n    deploy: lambda\n    budget: {daily: 1}\n"
        )
        Path(path).write_text(
            Path(path).read_text().replace("version: 1\n", f"version: 1\npricing: {pricing}\n")
        )
        result = run_cli("check", path)
        assert result.exit_code == 2 and "SECRET" not in result.stderr and "root:" not in result.stderr


def test_a_relative_pricing_path_is_relative_to_the_workload_file(tmp_path: Path) -> None:
    (tmp_path / "tables").mkdir()
    write_table(tmp_path / "tables")
    path = workload_file(
        tmp_path,
        "  a:\n    rpd: 100\n    ms: 100\n    region: test-1\n    deploy: lambda\n    budget: {daily: 1}\n",
    )
    Path(path).write_text(
        Path(path).read_text().replace("version: 1\n", "version: 1\npricing: tables/fixture.yaml\n")
    )
    result = run_cli("check", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["pricing"] == "fixture"


def test_yaml_control_characters_tabs_and_newlines_stay_one_line(tmp_path: Path) -> None:
    control = workload_file(tmp_path, "  a\x01:\n    rpd: 1\n", "c.yaml")
    one_error(run_cli("check", control), ":3: control character 0x01 is not allowed in YAML")
    tab = workload_file(tmp_path, "  a:\n\trpd: 1\n", "t.yaml")
    one_error(run_cli("check", tab), ":4: malformed YAML: tabs are not allowed for indentation in YAML")
    newline = workload_file(tmp_path, '  "a\\nb":\n    rpd: 1\n    ms: 1\n    deploy: lambda\n', "n.yaml")
    one_error(run_cli("check", newline), "a workload's name must be printable text")
    escape = workload_file(tmp_path, '  "\\e[31mred":\n    rpd: 1\n    ms: 1\n    deploy: lambda\n', "e.yaml")
    line = one_error(run_cli("check", escape), "printable text")
    assert "\x1b" not in line


def test_an_oversized_yaml_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: 1\n" * 1000)
    with pytest.raises(FileFormatError, match=r"big\.yaml: larger than 0 MB: not a file costcalc reads"):
        read_text(str(path), limit=100)
    (tmp_path / "dir.yaml").mkdir()
    one_error(run_cli("compare", "--rpd", "1", "--ms", "1", "--pricing", str(tmp_path / "dir.yaml")), "")


@pytest.mark.parametrize(
    ("env", "args"),
    [({}, ("--max-age", "abc")), ({"COSTCALC_MAX_AGE": "abc"}, ()), ({}, ("--max-age", "-1"))],
)
def test_max_age_is_one_line_and_may_follow_the_command(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], args: tuple[str, ...]
) -> None:
    from click.testing import CliRunner

    from costcalc.cli import cli
    from tests.conftest import CLI_ENV

    runner = CliRunner()
    result = runner.invoke(cli, ["compare", "--rpd", "1", "--ms", "1", *args], env={**CLI_ENV, **env})
    one_error(result, "--max-age: expected a whole number of days, 0 or more")
    after = runner.invoke(
        cli, ["compare", "--rpd", "1", "--ms", "1", "--pricing", "aws-2015", "--max-age", "0"], env={}
    )
    assert after.exit_code == 0 and "days old" not in after.stderr


def test_markdown_escapes_names_and_paths(tmp_path: Path) -> None:
    body = '  "a|b <img src=x onerror=alert(1)>":\n    rpd: 100\n    ms: 10\n    deploy: lambda\n    budget: {daily: 1}\n'
    path = workload_file(tmp_path, body)
    result = run_cli("check", path, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "<img" not in result.stdout and "a\\|b &lt;img" in result.stdout
    row = next(line for line in result.stdout.splitlines() if "onerror" in line)
    assert row.count(" | ") == 6  # the name stays in its cell: seven columns


@pytest.mark.parametrize("value", ['"NaN"', '"-3.5"', '"Infinity"', "null", '"1e999999"'])
def test_a_saved_check_with_unusable_costs_is_refused(tmp_path: Path, value: str) -> None:
    saved = run_cli("check", str(REPO / "examples" / "workloads.yaml"), "--format", "json").stdout
    bad = tmp_path / "bad.json"
    bad.write_text(re.sub(r'"monthly": "[0-9.]+"', f'"monthly": {value}', saved, count=1))
    one_error(run_cli("diff", str(REPO / "examples" / "workloads.yaml"), str(bad)), "workloads[0]")


@pytest.mark.parametrize(
    "args",
    [
        ("--rpd", "16000", "--ms", "200"),
        (
            "--rps",
            "37",
            "--ms",
            "123",
            "--memory",
            "777",
            "--log-kb",
            "3",
            "--egress-kb",
            "11",
            "--api-gateway",
            "http",
        ),
        (
            "--requests-per-month",
            "3000000",
            "--ms",
            "1000",
            "--memory",
            "512",
            "--free-tier",
            "--instance",
            "m5.large",
        ),
    ],
)
def test_the_totals_shown_add_up_the_rows_shown(args: tuple[str, ...]) -> None:
    text = run_cli("compare", *args, "--format", "markdown").stdout
    money = re.compile(r"\$([0-9,]+\.[0-9]{2})")
    rows: dict[str, list[Decimal]] = {}
    for line in text.splitlines():
        cells = [cell.strip().strip("*") for cell in line.strip("|").split("|")]
        if len(cells) != 6 or not cells[4].startswith(("$", "<")):
            continue
        option, item, daily, monthly = cells[0], cells[1], cells[4], cells[5]
        if item.startswith("total"):
            for column, shown in ((0, daily), (1, monthly)):
                expected = sum(row[column] for row in rows.get(option, []))
                got = (
                    Decimal(money.search(shown).group(1).replace(",", ""))
                    if money.search(shown)
                    else Decimal(0)
                )
                assert got == expected, (option, column, got, expected)
        else:
            # "<$0.01" is a positive amount under half a cent: zero cents, as the total adds it.
            values = [
                Decimal(m.group(1).replace(",", "")) if (m := money.search(v)) and v[0] == "$" else Decimal(0)
                for v in (daily, monthly)
            ]
            rows.setdefault(option, []).append(values)
    assert rows
