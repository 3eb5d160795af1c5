"""pricing fetch against a real HTTP server on 127.0.0.1, including one that drops connections mid-file."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from costcalc import load_pricing
from costcalc.catalog.aws_offers.fetch import FetchError, download, fetch_offers, offer_url
from tests.conftest import run_cli
from tests.offers import ec2_csv, ecs_csv, lambda_csv, savings_plan_json

PLAN_INDEX = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json"
PLAN_FILE = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20261118000000/us-east-1/index.json"
# The region index's shape: {"regions": [{"regionCode", "versionUrl"}]}, as AWS serves it (and as
# public readers of it, such as ligoj's SavingsPlanIndex, model it).
REGION_INDEX = json.dumps(
    {
        "disclaimer": "...",
        "publicationDate": "2026-11-18T00:00:00Z",
        "regions": [
            {"regionCode": "eu-west-1", "versionUrl": PLAN_FILE.replace("us-east-1", "eu-west-1")},
            {"regionCode": "us-east-1", "versionUrl": PLAN_FILE},
        ],
    }
)


class OfferServer(ThreadingHTTPServer):
    files: dict[str, bytes]
    drops: int  # how many responses to cut off halfway
    ranges: bool
    requests: list[str]


class Handler(BaseHTTPRequestHandler):
    server: OfferServer

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.headers.get("Range") or "")
        body = self.server.files.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        start = 0
        header = self.headers.get("Range")
        if header and self.server.ranges:
            start = int(header.removeprefix("bytes=").rstrip("-"))
            self.send_response(206)
        else:
            self.send_response(200)
        part = body[start:]
        self.send_header("Content-Length", str(len(part)))
        self.end_headers()
        if self.server.drops > 0:
            self.server.drops -= 1
            self.wfile.write(part[: len(part) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)  # drop the connection mid-file
            return
        self.wfile.write(part)


@pytest.fixture
def server() -> Iterator[OfferServer]:
    httpd = OfferServer(("127.0.0.1", 0), Handler)
    httpd.files = {
        "/offers/v1.0/aws/AWSLambda/current/us-east-1/index.csv": lambda_csv().encode(),
        "/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.csv": ec2_csv().encode(),
        "/offers/v1.0/aws/AmazonECS/current/eu-west-1/index.csv": ecs_csv().encode(),
        PLAN_INDEX: REGION_INDEX.encode(),
        PLAN_FILE: savings_plan_json().encode(),
    }
    httpd.drops, httpd.ranges, httpd.requests = 0, True, []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def endpoint(server: OfferServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_fetch_downloads_and_imports(server: OfferServer, tmp_path: Path) -> None:
    out = tmp_path / "fetched.yaml"
    result = fetch_offers(
        ["AWSLambda", "AmazonEC2"], "us-east-1", str(out), endpoint=endpoint(server), backoff=0
    )
    assert result.lambda_regions == ("us-east-1",) and result.ec2_regions == ("us-east-1",)
    table = load_pricing(str(out))
    assert table.ec2.offers_by_name("us-east-1")["m7g.large"] == Decimal("0.0816")
    assert "AWS Price List bulk offer file" in table.sources["import-1"]


def test_a_dropped_connection_resumes_with_a_range_request(server: OfferServer, tmp_path: Path) -> None:
    server.drops = 1
    target = tmp_path / "ec2.csv"
    url = offer_url(endpoint(server), "AmazonEC2", "us-east-1", "csv")
    size = download(url, str(target), timeout=5, tries=3, backoff=0)
    assert target.read_bytes() == server.files["/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.csv"]
    assert size == target.stat().st_size
    assert server.requests[0] == "" and server.requests[1].startswith("bytes=")


def test_without_range_support_it_starts_over(server: OfferServer, tmp_path: Path) -> None:
    server.drops, server.ranges = 1, False
    target = tmp_path / "ec2.csv"
    download(offer_url(endpoint(server), "AmazonEC2", "us-east-1", "csv"), str(target), tries=3, backoff=0)
    assert target.read_bytes() == server.files["/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.csv"]


def test_a_connection_that_keeps_dropping_fails_cleanly_and_the_old_table_survives(
    server: OfferServer, tmp_path: Path
) -> None:
    out = tmp_path / "table.yaml"
    out.write_text("old table\n")
    server.drops = 100
    with pytest.raises(FetchError, match=r"download failed after 2 tries \(the connection closed after"):
        fetch_offers(["AmazonEC2"], "us-east-1", str(out), endpoint=endpoint(server), tries=2, backoff=0)
    assert out.read_text() == "old table\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.yaml"]


def test_a_missing_offer_is_one_line(server: OfferServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="404 Not Found"):
        fetch_offers(["AmazonEC2"], "mars-1", str(tmp_path / "t.yaml"), endpoint=endpoint(server), backoff=0)


def test_cli_fetch_with_an_endpoint(server: OfferServer, tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    result = run_cli("pricing", "fetch", "--endpoint", endpoint(server), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        f"wrote {out}: 1 EC2 region (3 types), 1 Lambda region, Savings Plans rates for 1 region, "
        "from 3 offer files"
    )
    server.drops = 100
    failed = run_cli("pricing", "fetch", "--endpoint", endpoint(server), "--out", str(out), "--tries", "1")
    assert failed.exit_code == 2
    assert failed.stderr.startswith("Error: http://127.0.0.1:")
    assert load_pricing(str(out)).name == "mine"  # the table from the first fetch is still whole


def test_cli_fetch_with_merge_keeps_the_bases_other_types(server: OfferServer, tmp_path: Path) -> None:
    out = tmp_path / "merged.yaml"
    args = ["--service", "AmazonEC2", "--base", "aws", "--merge", "--out", str(out)]
    result = run_cli("pricing", "fetch", "--endpoint", endpoint(server), *args)
    assert result.exit_code == 0, result.stderr
    base = load_pricing("aws").ec2.instance_names("us-east-1")
    assert f"kept {len(base) - 3:,} other EC2 prices from aws-2026-07-20" in result.stderr
    table = load_pricing(str(out))
    assert table.ec2.instance_names("us-east-1") == base
    assert [share.source for share in table.ec2.coverage("us-east-1", "2026-11-20").sources] == [
        "import-1",
        "karpenter",
    ]


def test_a_bad_endpoint_is_one_line(tmp_path: Path) -> None:
    result = run_cli("pricing", "fetch", "--endpoint", "notaurl", "--out", str(tmp_path / "t.yaml"))
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --endpoint: expected an http:// or https:// URL, got 'notaurl'\n",
    )
    refused = run_cli(
        "pricing",
        "fetch",
        "--endpoint",
        "http://127.0.0.1:9",
        "--out",
        str(tmp_path / "t.yaml"),
        "--tries",
        "1",
    )
    assert refused.exit_code == 2
    assert "download failed after 1 tries (the connection failed after 0 bytes" in refused.stderr


def test_fetch_finds_the_savings_plans_file_through_its_region_index(
    server: OfferServer, tmp_path: Path
) -> None:
    out = tmp_path / "fetched.yaml"
    result = fetch_offers(None, "us-east-1", str(out), endpoint=endpoint(server), backoff=0)
    assert [offer.offer_code for offer in result.offers] == [
        "AWSLambda",
        "AmazonEC2",
        "AWSComputeSavingsPlan",
    ]
    assert result.plan_regions == ("us-east-1",)
    table = load_pricing(str(out))
    plans = table.ec2.commitments["us-east-1"]["savings_plans"]
    assert plans["rates"]["m7g.large"] == {"ec2-instance 1y no-upfront": "0.051"}
    assert set(table.lambda_.regions["us-east-1"].savings_plans) == {
        "compute 1y no-upfront",
        "compute 3y all-upfront",
    }


def test_a_region_without_a_savings_plans_file_is_one_line(server: OfferServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"region_index\.json: no Savings Plans file for ap-south-1$"):
        fetch_offers(
            ["AWSComputeSavingsPlan"], "ap-south-1", str(tmp_path / "t.yaml"), endpoint=endpoint(server)
        )


@pytest.mark.parametrize(
    "url", ["http://elsewhere.example/savingsPlan/x.json", "/offers/../../etc/passwd", "/savingsPlan/../../x"]
)
def test_a_region_index_pointing_off_the_server_is_refused(
    server: OfferServer, tmp_path: Path, url: str
) -> None:
    server.files[PLAN_INDEX] = json.dumps(
        {"regions": [{"regionCode": "us-east-1", "versionUrl": url}]}
    ).encode()
    with pytest.raises(FetchError, match="versionUrl is not a /savingsPlan/ path on this server"):
        fetch_offers(
            ["AWSComputeSavingsPlan"], "us-east-1", str(tmp_path / "t.yaml"), endpoint=endpoint(server)
        )
    assert server.requests == [""]  # the index only


def test_cli_fetch_of_the_savings_plans_offer_alone(server: OfferServer, tmp_path: Path) -> None:
    out = tmp_path / "plans.yaml"
    args = ["--service", "AWSComputeSavingsPlan", "--out", str(out)]
    result = run_cli("pricing", "fetch", "--endpoint", endpoint(server), *args)
    assert result.exit_code == 0, result.stderr
    assert "Savings Plans rates for 1 region, from 1 offer file" in result.stderr


def test_cli_fetch_of_the_ecs_offer_imports_fargate(server: OfferServer, tmp_path: Path) -> None:
    out = tmp_path / "fargate.yaml"
    args = ["--service", "AmazonECS", "--region", "eu-west-1", "--out", str(out)]
    result = run_cli("pricing", "fetch", "--endpoint", endpoint(server), *args)
    assert result.exit_code == 0, result.stderr
    assert "1 Fargate region" in result.stderr  # the file's other region is left out by --region
    fargate = load_pricing(str(out)).fargate
    assert fargate is not None
    assert fargate.regions["eu-west-1"].ephemeral_storage_per_gb_hour is not None
    assert server.requests == [""]  # only the ECS file: the default services are not fetched too
