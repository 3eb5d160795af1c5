import os
import re
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import FileFormatError, InputError, Workload, compare, load_pricing
from costcalc.catalog.aws_offers.importer import import_offers
from costcalc.catalog.review import price_points
from tests.conftest import run_cli
from tests.offers import EC2_ROWS, ec2_csv, lambda_csv, lambda_json, write


def test_ec2_csv_keeps_only_linux_shared_on_demand_rows(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    result = import_offers([write(tmp_path, "ec2.csv", ec2_csv())], str(out))
    assert result.ec2_regions == ("eu-west-1", "us-east-1")
    table = load_pricing(str(out))
    prices = table.ec2.offers_by_name("us-east-1")
    assert prices == {
        "m5.large": Decimal("0.096"),
        "m7g.large": Decimal("0.0816"),
        "t3.micro": Decimal("0.0104"),
    }
    assert table.ec2.offers_by_name("eu-west-1") == {"m5.large": Decimal("0.107")}
    m7g = table.ec2.offer("us-east-1", "m7g.large")
    assert m7g is not None and m7g.instance.arch.value == "arm64" and m7g.instance.memory_gib == 8
    t3 = table.ec2.offer("us-east-1", "t3.micro")
    assert t3 is not None and t3.instance.baseline_cpu == Decimal("0.10")  # kept from the base table
    assert table.as_of.isoformat() == "2026-11-20"
    assert "imported" in table.source and "written by hand" in table.source


def test_regions_not_imported_come_from_the_base(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    import_offers([write(tmp_path, "ec2.csv", ec2_csv())], str(out), regions=["eu-west-1"])
    table = load_pricing(str(out))
    assert table.ec2.offers_by_name("eu-west-1") == {"m5.large": Decimal("0.107")}
    assert len(table.ec2.offers_by_name("us-east-1")) > 1000  # untouched, from the base table
    assert compare(Workload(rpd=16000, ms=200), str(out)).pricing_name == "imported"


def test_family_filter(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    import_offers([write(tmp_path, "ec2.csv", ec2_csv())], str(out), families=["m7g"])
    assert load_pricing(str(out)).ec2.offers_by_name("eu-west-1") == load_pricing("aws").ec2.offers_by_name(
        "eu-west-1"
    )


def test_lambda_json_and_csv_give_identical_tables(tmp_path: Path) -> None:
    from_json, from_csv = tmp_path / "from-json.yaml", tmp_path / "from-csv.yaml"
    ec2 = write(tmp_path, "ec2.csv", ec2_csv())
    import_offers([write(tmp_path, "lambda.json", lambda_json()), ec2], str(from_json))
    import_offers([write(tmp_path, "lambda.csv", lambda_csv()), ec2], str(from_csv))
    assert price_points(load_pricing(str(from_json))) == price_points(load_pricing(str(from_csv)))


def test_lambda_tiers_come_out_right(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    import_offers([write(tmp_path, "lambda.json", lambda_json())], str(out))
    table = load_pricing(str(out))
    region = table.lambda_.regions["us-east-1"]
    x86 = region.archs[table.lambda_.regions["us-east-1"].archs.__iter__().__next__()]
    tiers = [(t.up_to, t.price.amount) for t in x86.duration]
    assert tiers == [
        (Decimal(6_000_000_000), Decimal("0.0000166667")),
        (Decimal(15_000_000_000), Decimal("0.000015")),
        (None, Decimal("0.0000133334")),
    ]
    assert x86.request.amount == Decimal("0.0000002")
    assert region.ephemeral_storage is not None and region.ephemeral_storage.amount == Decimal("0.0000000309")
    assert (table.lambda_.free_tier.requests, table.lambda_.free_tier.gb_seconds) == (1_000_000, 400_000)
    # AWS's worked example holds on the imported prices too.
    result = compare(Workload(requests_per_month=3_000_000, ms=1000, memory=512, free_tier=True), table)
    assert result.lambda_option.items[1].quantity == 1_100_000


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello,world\n", "not an AWS price list CSV (expected a 'FormatVersion' row)"),
        ('{"formatVersion": "v1.0", "products": {}}', "not an AWS price list JSON (no offerCode)"),
    ],
)
def test_a_file_that_is_not_a_price_list_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(FileFormatError, match=re.escape(message)):
        import_offers([write(tmp_path, "x.data", text)], str(tmp_path / "out.yaml"))


def test_truncated_files_are_refused_and_the_old_table_survives(tmp_path: Path) -> None:
    out = tmp_path / "table.yaml"
    import_offers([write(tmp_path, "ec2.csv", ec2_csv())], str(out))
    before = out.read_bytes()
    whole = ec2_csv()
    truncated = write(tmp_path, "cut.csv", whole[: len(whole) - 200])
    with pytest.raises(FileFormatError, match="truncated: the last row ends inside a quoted field"):
        import_offers([truncated], str(out))
    json_text = lambda_json()
    cut_json = write(tmp_path, "cut.json", json_text[: len(json_text) // 2])
    with pytest.raises(FileFormatError, match="truncated: the JSON ends early"):
        import_offers([cut_json], str(out))
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".costcalc-")] == []


def test_a_failed_write_leaves_the_old_table_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "table.yaml"
    out.write_text("old table\n")
    import costcalc.catalog.writer as document

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(document, "validate_table", broken)
    with pytest.raises(OSError, match="disk full"):
        import_offers([write(tmp_path, "ec2.csv", ec2_csv())], str(out))
    assert out.read_text() == "old table\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ec2.csv", "table.yaml"]


def test_other_services_and_empty_results_are_input_errors(tmp_path: Path) -> None:
    other = ec2_csv().replace('"OfferCode","AmazonEC2"', '"OfferCode","comprehend"')
    with pytest.raises(InputError, match="is a comprehend offer; costcalc imports AWSLambda, AmazonEC2"):
        import_offers([write(tmp_path, "c.csv", other)], str(tmp_path / "o.yaml"))
    with pytest.raises(InputError, match="hold no prices costcalc uses"):
        import_offers([write(tmp_path, "e.csv", ec2_csv())], str(tmp_path / "o.yaml"), regions=["mars-1"])


def peak_memory(path: str, out: Path) -> int:
    tracemalloc.start()
    import_offers([path], str(out))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_memory_stays_flat_on_a_large_file(tmp_path: Path) -> None:
    small = write(tmp_path, "small.csv", ec2_csv())
    # 60,000 rows of another operating system (about 25 MB), and the same rows kept.
    noise = [(*EC2_ROWS[0][:6], "Windows", "Shared", "Used", "OnDemand")] * 60_000
    big = write(tmp_path, "big.csv", ec2_csv([*noise, *EC2_ROWS]))
    assert os.path.getsize(big) > 20_000_000
    baseline = peak_memory(small, tmp_path / "small.yaml")
    # The big file costs no more than the small one, give or take a megabyte: rows are streamed.
    assert peak_memory(big, tmp_path / "big.yaml") - baseline < 1_000_000


def test_cli_import_then_compare(tmp_path: Path) -> None:
    lambda_file = write(tmp_path, "lambda.json", lambda_json())
    ec2_file = write(tmp_path, "ec2.csv", ec2_csv())
    out = tmp_path / "mine.yaml"
    result = run_cli("pricing", "import", lambda_file, ec2_file, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"wrote {out}: 2 EC2 regions")
    assert result.stderr.startswith("Warning: us-east-1: the offer files price 3 instance types")
    assert run_cli("compare", "--rpd", "16000", "--ms", "200", "--pricing", str(out)).exit_code == 0
    assert run_cli("pricing", "validate", str(out)).exit_code == 0
    missing = run_cli("pricing", "import", lambda_file)
    assert (missing.exit_code, missing.stderr) == (2, "Error: --out: give --out FILE or --name NAME\n")


SAMPLES = Path(__file__).resolve().parent / "data" / "offer-samples"  # real AWS files; see its README


def test_the_real_ec2_sample_holds_no_plain_linux_on_demand_price(tmp_path: Path) -> None:
    # AWS's own 91-column file: every on-demand row is another system, tenancy or capacity state.
    with pytest.raises(InputError, match="hold no prices costcalc uses"):
        import_offers([str(SAMPLES / "ec2-global-20250912225308-sample.csv")], str(tmp_path / "o.yaml"))


def test_the_real_json_excerpts(tmp_path: Path) -> None:
    # cn-northwest-1: valid JSON, but gp3 storage priced in CNY, nothing costcalc uses.
    with pytest.raises(InputError, match="hold no prices costcalc uses"):
        import_offers(
            [str(SAMPLES / "opencost-AmazonEC2-cn-northwest-1-20230314154740-excerpt.json")],
            str(tmp_path / "o.yaml"),
        )
    # us-east-2: hand-trimmed, leaving a trailing comma (line 170) before the closing brace of line 171:
    # malformed, not truncated, and refused with the line, not half read.
    with pytest.raises(FileFormatError, match=r"\.txt:171: malformed JSON: invalid object key"):
        import_offers(
            [str(SAMPLES / "opencost-AmazonEC2-us-east-2-20230322145651-excerpt.json.txt")],
            str(tmp_path / "o.yaml"),
        )


def test_a_real_offer_of_another_service_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a comprehend offer"):
        import_offers(
            [str(SAMPLES / "comprehend-ap-south-1-20260116160258-index.csv")], str(tmp_path / "o.yaml")
        )


def test_a_reserved_term_filed_under_on_demand_is_not_an_on_demand_price(tmp_path: Path) -> None:
    # As in a real excerpt: a 3-year term code under OnDemand. Its price is not the on-demand price.
    text = ec2_csv().replace('"SKU00000000","JRTCKXETXF",', '"SKU00000000","MZU6U2429S",', 1)
    assert "MZU6U2429S" in text
    out = tmp_path / "o.yaml"
    import_offers([write(tmp_path, "ec2.csv", text)], str(out))
    assert "m5.large" not in load_pricing(str(out)).ec2.offers_by_name("us-east-1")


def test_binary_and_garbage_files_are_refused_in_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "bin.dat"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"{" + bytes(range(256)) * 10)
    for path, message in (
        (binary, "not an AWS price list (not UTF-8 text)"),
        (garbage, "not an AWS price list JSON ("),
    ):
        result = run_cli("pricing", "import", str(path), "--out", str(tmp_path / "o.yaml"))
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: {path}: {message}")
        assert result.stderr.count("\n") == 1


def test_an_unwritable_output_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "missing-folder" / "t.yaml"
    result = run_cli("pricing", "import", write(tmp_path, "ec2.csv", ec2_csv()), "--out", str(out))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: --out: cannot write {out}: No such file or directory\n",
    )


def test_an_import_far_shorter_than_the_base_in_a_region_is_warned_about(tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    result = import_offers([write(tmp_path, "ec2.csv", ec2_csv())], str(out))
    imported = len(load_pricing(str(out)).ec2.instance_names("us-east-1"))
    before = len(load_pricing("aws").ec2.instance_names("us-east-1"))
    assert imported < before / 2
    assert (
        f"us-east-1: the offer files price {imported:,} instance types where aws-2026-07-20 priced {before:,}; "
        "the table keeps only the imported ones there (import a whole region's file for the full list)"
    ) in result.warnings
    cli = run_cli(
        "pricing", "import", write(tmp_path, "ec2.csv", ec2_csv()), "--out", str(tmp_path / "b.yaml")
    )
    assert cli.exit_code == 0
    assert "us-east-1: the offer files price" in cli.stderr


def test_an_import_as_long_as_the_base_is_not_warned_about(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    import_offers([write(tmp_path, "ec2.csv", ec2_csv())], str(base))
    again = import_offers(
        [write(tmp_path, "ec2.csv", ec2_csv())], str(tmp_path / "again.yaml"), base=str(base)
    )
    assert not [w for w in again.warnings if "instance types where" in w]
