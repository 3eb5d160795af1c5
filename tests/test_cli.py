import csv
import io
import json
import re
import subprocess
import sys
from decimal import Decimal, localcontext

import pytest

from costcalc import Workload, compare
from costcalc.money import EXACT
from costcalc.render import OutputFormat
from tests.conftest import golden, run_cli

TALK = (
    "compare",
    "--rpd",
    "16000",
    "--ms",
    "200",
    "--memory",
    "1024",
    "--pricing",
    "aws-2015",
    "--instance",
    "m4.large",
)
EVERYTHING = (
    "compare",
    "--requests-per-month",
    "3000000",
    "--ms",
    "1000",
    "--memory",
    "512",
    "--free-tier",
    "--storage",
    "1024",
    "--api-gateway",
    "rest",
    "--load-balancer",
    "--instance",
    "m5.large",
    "--instance",
    "t4g.small",
    "--peak-factor",
    "2",
    "--cpu-share",
    "0.5",
)


def test_default_compare_golden_table() -> None:
    result = run_cli("compare", "--rpd", "16000", "--ms", "200")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden("compare_default.txt", result.stdout)
    assert result.stderr == ""


def test_every_option_golden_table() -> None:
    result = run_cli(*EVERYTHING)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == golden("compare_everything.txt", result.stdout)


def test_markdown_golden() -> None:
    result = run_cli(*TALK, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout == golden("compare_talk.md", result.stdout)
    assert result.stdout.startswith("### Lambda vs servers: ")


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_renders_and_names_both_options(fmt: OutputFormat) -> None:
    result = run_cli(*TALK, "--format", fmt.value)
    assert result.exit_code == 0, result.stderr
    assert "lambda" in result.stdout
    assert "m4.large" in result.stdout


def test_json_is_one_document_equal_to_the_library_result() -> None:
    result = run_cli(*EVERYTHING, "--format", "json")
    data = json.loads(result.stdout)
    workload = Workload(
        requests_per_month=3_000_000,
        ms=1000,
        memory=512,
        free_tier=True,
        storage=1024,
        api_gateway="rest",
        load_balancer=True,
        instances=("m5.large", "t4g.small"),
        peak_factor=2,
        cpu_share="0.5",
    )
    assert data == compare(workload, "aws").to_dict()
    assert [item["name"] for item in data["options"][0]["items"]] == [
        "requests",
        "compute",
        "ephemeral-storage",
        "api-gateway",
    ]


def test_csv_rows_add_up_to_each_option_total() -> None:
    rows = list(csv.DictReader(io.StringIO(run_cli(*EVERYTHING, "--format", "csv").stdout)))
    for option in {row["option"] for row in rows}:
        items = [r for r in rows if r["option"] == option and r["item"] != "total"]
        (total,) = [r for r in rows if r["option"] == option and r["item"] == "total"]
        with localcontext(EXACT):
            assert sum(Decimal(r["monthly"]) for r in items) == Decimal(total["monthly"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--rpd", "-5", "--ms", "200"), "Error: --rpd: must be greater than 0, got -5"),
        (("--rpd", "0", "--ms", "200"), "Error: --rpd: must be greater than 0, got 0"),
        (("--rpd", "nan", "--ms", "200"), "Error: --rpd: expected a finite number, got 'nan'"),
        (("--rps", "inf", "--ms", "200"), "Error: --rps: expected a finite number, got 'inf'"),
        (
            ("--rpd", "1e30", "--ms", "200"),
            "Error: --rpd: 1.000000E+30 is more than 10 million requests a second",
        ),
        (
            ("--ms", "200"),
            "Error: --rpd/--rps/--requests-per-month: give exactly one request rate (none was given)",
        ),
        (
            ("--rpd", "5", "--rps", "1", "--ms", "200"),
            "Error: --rpd/--rps/--requests-per-month: give exactly one request rate (rpd and rps were both given)",
        ),
        (
            ("--rpd", "abc", "--ms", "200"),
            "Error: --rpd: expected a number, got 'abc'",
        ),
        (("--rpd", "5"), "Error: --ms: the average duration is required"),
        (
            ("--rpd", "5", "--ms", "200", "--memory", "100"),
            "Error: --memory: 100 MB is not allowed: pricing table aws-2026-07-20 takes 128 to 10240 MB in steps of 1 MB",
        ),
        (
            ("--rpd", "5", "--ms", "200", "--region", "mars-1"),
            "Error: --region: pricing table aws-2026-07-20 has no Lambda prices for 'mars-1' "
            "(24 regions have them: costcalc pricing show aws-2026-07-20)",
        ),
        (
            ("--rpd", "5", "--ms", "200", "--instance", "m9.huge"),
            "Error: --instance: unknown instance type 'm9.huge' in pricing table aws-2026-07-20",
        ),
        (
            ("--rpd", "5", "--ms", "200", "--pricing", "nope"),
            "Error: unknown pricing table 'nope' (known: aws, aws-2015, aws-2026-07-20)",
        ),
        (
            ("--rpd", "5", "--ms", "200", "--utilization", "1.5"),
            "Error: --utilization: must be a fraction between 0 and 1, got 1.5",
        ),
        (
            ("--rpd", "5", "--ms", "200", "--min-instances", "0"),
            "Error: --min-instances: must be between 1 and 100,000, got 0",
        ),
        (
            ("--rpd", "5", "--ms", "200", "--arch", "sparc"),
            "Error: --arch: 'sparc' is not one of 'x86_64', 'arm64'",
        ),
        (
            ("--rpd", "5", "--ms", "200", "--storage", "2048", "--region", "us-east-2"),
            "Error: --storage: pricing table aws-2026-07-20 has no ephemeral storage price for us-east-2; "
            "`costcalc pricing fetch --region us-east-2 --name aws-us-east-2` imports AWS's, "
            "then use --pricing aws-us-east-2.yaml",
        ),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run_cli("compare", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message + "\n"


def test_a_malformed_pricing_file_names_file_line_and_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.tables import MINIMAL_TABLE, write_table

    path = write_table(tmp_path, MINIMAL_TABLE.replace("small.one: 0.05", "small.one: abc"))
    result = run_cli("compare", "--rpd", "5", "--ms", "200", "--region", "test-1", "--pricing", str(path))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Error: {path}:43: ec2.regions.test-1.prices.small.one: expected a decimal number, got 'abc'\n"
    )


def test_a_yaml_tag_in_a_pricing_file_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['echo pwned']\n")
    result = run_cli("compare", "--rpd", "5", "--ms", "200", "--pricing", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}:1: (top): tag !!python/object/apply:os.system is not allowed\n"


def test_pricing_list_shows_tables_dates_sources_and_alias() -> None:
    result = run_cli("pricing", "list")
    assert result.exit_code == 0
    assert result.stdout == golden("pricing_list.txt", result.stdout)
    assert "aws-2015" in result.stdout and "2015-11-27" in result.stdout


def test_pricing_show_lists_regions_rates_and_instance_counts() -> None:
    result = run_cli("pricing", "show", "aws")
    assert result.exit_code == 0
    assert result.stdout == golden("pricing_show_aws.txt", result.stdout)
    # the reference's 1,308 us-east-1 rows less i3.metal, which no source has specs for
    assert re.search(r"us-east-1 +│ +1,307 │ complete +│ .* │ karpenter \(2026-07-20\): 1,307", result.stdout)
    assert "0.0000166667" in result.stdout
    # Buying options, Fargate and Managed Instances: what --purchase and --option can price, from where
    assert re.search(r"us-east-1 +│ +867 │ +179 \(2,053\) │ +- ", result.stdout)
    assert "Reserved: ec2instances-2019-reserved, seen-2nd, as of 2019-04-05" in result.stdout
    assert re.search(
        r"us-east-1 │ +0\.04048 │ +0\.004445 │ +0\.03238 │ +0\.00356 │ +0\.000111 │", result.stdout
    )
    assert "a fee of 15.0% of the on-demand hourly price, and $0.20/M requests" in " ".join(
        result.stdout.split()
    )


def test_version_and_help() -> None:
    assert run_cli("--version").stdout.startswith("costcalc, version ")
    help_text = run_cli("compare", "--help").stdout
    for flag in (
        "--rpd",
        "--rps",
        "--requests-per-month",
        "--ms",
        "--memory",
        "--arch",
        "--region",
        "--pricing",
        "--free-tier",
        "--storage",
        "--api-gateway",
        "--instance",
        "--peak-factor",
        "--cpu-share",
        "--utilization",
        "--min-instances",
        "--load-balancer",
        "--format",
    ):
        assert flag in help_text


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "costcalc", "compare", "--rpd", "16000", "--ms", "200", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["schema_version"] == 1


def test_compare_help_groups_its_flags_under_headings() -> None:
    text = run_cli("compare", "--help").stdout
    headings = [
        line[:-1] for line in text.splitlines() if line and not line[0].isspace() and line.endswith(":")
    ]
    assert headings == [
        "Workload",
        "Lambda",
        "Servers",
        "Buying",
        "Fargate and Managed Instances",
        "Traffic",
        "Budget",
        "Input",
        "Output",
    ]
    sections = {h: text.split(f"\n{h}:\n")[1].split("\n\n")[0] for h in headings}
    assert "--ms NUMBER" in sections["Workload"] and "--region" in sections["Workload"]
    assert "--memory NUMBER" in sections["Lambda"] and "--api-gateway" in sections["Lambda"]
    assert "--instance TYPE" in sections["Servers"] and "--ebs-gb" in sections["Servers"]
    assert "--peak-factor" in sections["Traffic"]
    assert "--max-monthly" in sections["Budget"] and "--deploy" in sections["Budget"]
    assert "--pricing" in sections["Input"] and "--profile" in sections["Input"]
    assert "--format" in sections["Output"] and "--help" in sections["Output"]


def test_every_workload_flag_has_a_heading() -> None:
    from costcalc.cli.options import HELP_HEADINGS
    from costcalc.model.workload import workload_fields

    grouped = {name for names in HELP_HEADINGS.values() for name in names}
    assert {name for name, _, _ in workload_fields()} <= grouped


def test_sweep_help_leads_with_its_own_options() -> None:
    text = run_cli("sweep", "--help").stdout
    own = text.split("\nOptions:\n")[1].split("\n\n")[0]
    assert "--rpd-range" in own and "--ms-at" in own and "--ms NUMBER" not in own
    assert "\nWorkload:\n" in text


def test_check_help_shows_the_warn_at_default_plainly() -> None:
    text = " ".join(run_cli("check", "--help").stdout.split())
    assert "[default: 80]" in text and "(80)" not in text
