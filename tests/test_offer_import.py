import os
import re
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import FileFormatError, InputError, Workload, compare, load_pricing
from costcalc.catalog.aws_offers.importer import import_offers, merge_region
from costcalc.catalog.plain import PlainEc2Region
from costcalc.catalog.review import price_points, pricing_diff
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
        "the table keeps only the imported ones there (import a whole region's file for the full list, "
        "or --merge to keep aws-2026-07-20's other types)"
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


# --- --merge: an import over a base keeps the base's other types, each under its own source -----

# Two us-east-1 types at prices that differ from the base's (0.096 and 0.0816 there).
TWO_TYPES = [
    (
        "us-east-1",
        "m5.large",
        "2",
        "8 GiB",
        "Intel Xeon",
        "0.0900000000",
        "Linux",
        "Shared",
        "Used",
        "OnDemand",
    ),
    (
        "us-east-1",
        "m7g.large",
        "2",
        "8 GiB",
        "AWS Graviton3",
        "0.0800000000",
        "Linux",
        "Shared",
        "Used",
        "OnDemand",
    ),
]


def _merged(tmp_path: Path, rows: list[tuple[str, ...]] = TWO_TYPES, base: str = "aws") -> Path:
    out = tmp_path / "merged.yaml"
    import_offers([write(tmp_path, "two.csv", ec2_csv(rows))], str(out), base=base, merge=True)
    return out


def test_a_merged_import_keeps_the_bases_other_types_under_their_own_source(tmp_path: Path) -> None:
    out = tmp_path / "merged.yaml"
    result = import_offers([write(tmp_path, "two.csv", ec2_csv(TWO_TYPES))], str(out), base="aws", merge=True)
    base, table = load_pricing("aws"), load_pricing(str(out))
    assert table.ec2.instance_names("us-east-1") == base.ec2.instance_names("us-east-1")
    assert result.kept == len(base.ec2.instance_names("us-east-1")) - 2
    assert not [w for w in result.warnings if "instance types where" in w]  # nothing is dropped
    imported = table.ec2.offer("us-east-1", "m5.large")
    assert imported is not None
    assert (imported.hourly.amount, imported.hourly.note) == (Decimal("0.09"), None)
    assert imported.hourly.key == "ec2.regions.us-east-1.prices.m5.large"
    kept, before = table.ec2.offer("us-east-1", "c5.large"), base.ec2.offer("us-east-1", "c5.large")
    assert kept is not None and before is not None
    assert (kept.hourly.amount, kept.hourly.confidence) == (before.hourly.amount, before.hourly.confidence)
    assert kept.hourly.note == "karpenter, as of 2026-07-20"
    assert kept.hourly.key == "ec2.regions.us-east-1.older.karpenter.prices.c5.large"
    coverage = table.ec2.coverage("us-east-1", table.as_of.isoformat())
    assert list(coverage.sources) == [
        ("import-1", "2026-11-20", 2, True),
        ("karpenter", "2026-07-20", result.kept, False),
    ]
    assert not coverage.partial
    assert "two.csv" in table.sources["import-1"] and "version 20261120100000" in table.sources["import-1"]


def test_a_merged_region_lists_every_type_cheapest_first(tmp_path: Path) -> None:
    table = load_pricing(str(_merged(tmp_path)))
    prices = table.ec2.offers_by_name("us-east-1")
    assert prices["m5.large"] == Decimal("0.09") and prices["m7g.large"] == Decimal("0.08")
    by_price = table.ec2.regions["us-east-1"]["by_price"]
    assert by_price == sorted(prices, key=lambda name: (prices[name], name))
    assert [offer.instance.name for offer in table.ec2.cheapest_first("us-east-1")] == by_price


def test_a_merged_partial_region_keeps_its_older_groups_less_the_imported_types(tmp_path: Path) -> None:
    rows = [
        (
            "eu-west-1",
            "m5.large",
            "2",
            "8 GiB",
            "Intel",
            "0.1000000000",
            "Linux",
            "Shared",
            "Used",
            "OnDemand",
        ),
        (
            "eu-west-1",
            "t3.micro",
            "2",
            "1 GiB",
            "Intel",
            "0.0110000000",
            "Linux",
            "Shared",
            "Used",
            "OnDemand",
        ),
    ]
    base, table = load_pricing("aws"), load_pricing(str(_merged(tmp_path, rows)))
    plain, before = table.ec2.regions["eu-west-1"], base.ec2.regions["eu-west-1"]
    assert [(g["source"], g["as_of"], g["confidence"]) for g in plain["older"]] == [
        (["skypilot"], "2025-26", before["confidence"]),
        (["ec2instances-2019"], "2019-04-05", "seen-2nd"),
    ]
    assert plain["older"][0]["names"] == sorted(
        set(before["prices"]) - set(before["older"][0]["names"]) - {"m5.large"}
    )
    assert plain["older"][1]["names"] == [n for n in before["older"][0]["names"] if n != "t3.micro"]
    assert table.ec2.partial("eu-west-1")  # two types do not make the list whole
    assert table.ec2.offers_by_name("eu-west-1") == {
        **base.ec2.offers_by_name("eu-west-1"),
        "m5.large": Decimal("0.1"),
        "t3.micro": Decimal("0.011"),
    }


def test_merge_region_dates_the_bases_own_prices_and_drops_partial_when_nothing_is_kept() -> None:
    new: PlainEc2Region = {
        "confidence": "seen-aws",
        "source": ["import-1"],
        "prices": {"a.large": "2"},
        "by_price": ["a.large"],
    }
    base: PlainEc2Region = {
        "confidence": "seen-2nd",
        "source": ["hand", "specs"],
        "partial": True,
        "prices": {"a.large": "3", "b.large": "1"},
        "by_price": ["b.large", "a.large"],
    }
    merged = merge_region(new, base, "2024-01-31")
    assert merged["older"] == [
        {"source": ["hand"], "confidence": "seen-2nd", "as_of": "2024-01-31", "names": ["b.large"]}
    ]
    assert (merged["prices"], merged["by_price"], merged.get("partial")) == (
        {"a.large": "2", "b.large": "1"},
        ["b.large", "a.large"],
        True,
    )
    whole = merge_region({**new, "prices": {"a.large": "2", "b.large": "1"}}, base, "2024-01-31")
    assert "older" not in whole and "partial" not in whole


def test_merge_region_refuses_one_source_with_two_dates_in_a_region() -> None:
    new: PlainEc2Region = {"confidence": "seen-aws", "source": ["import-2"], "prices": {}, "by_price": []}
    base: PlainEc2Region = {
        "confidence": "seen-aws",
        "source": ["import-1"],
        "as_of": "2026-01-01",
        "prices": {"a.large": "1", "b.large": "2"},
        "by_price": ["a.large", "b.large"],
        "older": [
            {"source": ["import-1"], "confidence": "seen-aws", "as_of": "2025-01-01", "names": ["b.large"]}
        ],
    }
    with pytest.raises(InputError, match="cite import-1 with two dates"):
        merge_region(new, base, "2026-01-01")
    same = merge_region(new, {**base, "as_of": "2025-01-01"}, "2026-01-01")
    assert same["older"] == [
        {
            "source": ["import-1"],
            "confidence": "seen-aws",
            "as_of": "2025-01-01",
            "names": ["a.large", "b.large"],
        }
    ]


def test_a_merged_table_validates_and_survives_a_write_and_read(tmp_path: Path) -> None:
    import yaml

    from costcalc.catalog.cache import load_plain
    from costcalc.catalog.review import validate_pricing_file
    from costcalc.catalog.writer import table_document, write_table

    out = _merged(tmp_path)
    validate_pricing_file(str(out))
    again = tmp_path / "again.yaml"
    write_table(load_plain(str(out)), str(again))
    assert yaml.safe_load(again.read_text()) == yaml.safe_load(out.read_text())
    assert table_document(load_plain(str(again))) == yaml.safe_load(out.read_text())


def test_compare_and_diff_against_a_merged_table(tmp_path: Path) -> None:
    out = str(_merged(tmp_path))
    diff = pricing_diff("aws", out)
    assert diff.counts()["removed"] == 0 and diff.counts()["changed"] == 2
    picked, base = compare(Workload(rpd=16000, ms=200), out), compare(Workload(rpd=16000, ms=200), "aws")
    assert picked.server_options[0].instance_type == base.server_options[0].instance_type  # not one of 2
    kept = compare(Workload(rpd=16000, ms=200, instances=("c5.large",)), out)
    assert [note for note in kept.price_notes if "c5.large" in note and "karpenter, as of 2026-07-20" in note]
    imported = compare(Workload(rpd=16000, ms=200, instances=("m5.large",)), out)
    assert not [note for note in imported.price_notes if "m5.large" in note and "as of" in note]


def test_a_merge_over_an_imported_table_numbers_its_files_after_the_bases(tmp_path: Path) -> None:
    first = tmp_path / "first.yaml"
    import_offers([write(tmp_path, "three.csv", ec2_csv())], str(first))
    table = load_pricing(str(_merged(tmp_path, base=str(first))))
    assert "three.csv" in table.sources["import-1"] and "two.csv" in table.sources["import-2"]
    plain = table.ec2.regions["us-east-1"]
    assert plain["source"] == ["import-2"]
    assert [(g["source"], g["names"]) for g in plain["older"]] == [(["import-1"], ["t3.micro"])]


def test_each_region_cites_only_the_files_that_priced_it(tmp_path: Path) -> None:
    out = tmp_path / "two-files.yaml"
    east = write(tmp_path, "east.csv", ec2_csv(TWO_TYPES))
    west = write(tmp_path, "west.csv", ec2_csv([row for row in EC2_ROWS if row[0] == "eu-west-1"]))
    import_offers([east, west], str(out))
    table = load_pricing(str(out))
    assert table.ec2.regions["us-east-1"]["source"] == ["import-1"]
    assert table.ec2.regions["eu-west-1"]["source"] == ["import-2"]


def test_cli_merge_then_show_names_both_sources_with_counts(tmp_path: Path) -> None:
    out = tmp_path / "merged.yaml"
    base_types = len(load_pricing("aws").ec2.instance_names("us-east-1"))
    result = run_cli(
        "pricing",
        "import",
        write(tmp_path, "two.csv", ec2_csv(TWO_TYPES)),
        "--base",
        "aws",
        "--merge",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    assert f"kept {base_types - 2:,} other EC2 prices from aws-2026-07-20" in result.stderr
    assert "instance types where" not in result.stderr
    shown = run_cli("pricing", "show", str(out))
    assert shown.exit_code == 0
    text = " ".join(shown.stdout.split())  # rich wraps long lines
    assert "Imported from AWS Price List offer files: import-1: AWS Price List bulk offer file" in text
    assert f"EC2 us-east-1: 2 types imported, {base_types - 2:,} kept from the base table" in text


def test_show_of_a_table_with_nothing_imported_has_no_import_lines() -> None:
    assert "Imported from" not in run_cli("pricing", "show", "aws").stdout


@pytest.mark.parametrize("command", [["import", "two.csv", "--out", "x.yaml"], ["fetch", "--name", "x"]])
def test_merge_without_base_is_one_line_exit_2(command: list[str]) -> None:
    result = run_cli("pricing", *command, "--merge")  # refused before any file is read or fetched
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --merge: give --base TABLE: the table whose other EC2 types to keep\n",
    )


def test_an_import_runs_without_the_cycle_collector_and_gives_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from costcalc.catalog.aws_offers import importer

    during: list[bool] = []
    read_offer = importer.read_offer

    def watched(*args: object) -> object:
        during.append(gc.isenabled())
        return read_offer(*args)

    monkeypatch.setattr(importer, "read_offer", watched)
    good = write(tmp_path, "ec2.csv", ec2_csv())
    import_offers([good], str(tmp_path / "one.yaml"))
    assert during == [False] and gc.isenabled()
    with pytest.raises(FileFormatError):
        import_offers([write(tmp_path, "bad.csv", "not,an\noffer,file\n")], str(tmp_path / "two.yaml"))
    assert gc.isenabled()  # back on after a failed import too
    gc.disable()
    try:
        import_offers([good], str(tmp_path / "three.yaml"))
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_an_offer_path_that_cannot_be_read_is_one_line_saying_why(tmp_path: Path) -> None:
    out = str(tmp_path / "out.yaml")
    with pytest.raises(FileFormatError, match=r"missing\.csv: no such file$"):
        import_offers([str(tmp_path / "missing.csv")], out)
    with pytest.raises(FileFormatError, match=r": is a directory, not a file$"):
        import_offers([str(tmp_path)], out)
    denied = FileFormatError.unreadable("prices.csv", PermissionError(13, "Permission denied"))
    assert str(denied) == "prices.csv: cannot read: Permission denied"
