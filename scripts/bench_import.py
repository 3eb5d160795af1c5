"""pricing import on a large EC2 CSV: speed against a bare csv.reader pass, and peak memory.

Usage: python scripts/bench_import.py [--size-mb 300] [--repeat 3] [--keep FILE]

Writes an AmazonEC2 offer CSV of realistic shape (the real 91-column header;
mostly Windows, RHEL, dedicated, reserved and capacity-reservation rows, as in
AWS's files, with Linux shared on-demand rows among them), then times, in
fresh processes, alternately, best of --repeat: a bare ``csv.reader`` loop over
it, and the import. Peak RSS of the import is read from ``resource.getrusage``.
Targets: import within 1.5x of the bare pass; peak RSS under 150 MB.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.offers import EC2_HEADER, METADATA

BARE = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    for row in csv.reader(handle):
        pass
"""
IMPORT = """
import resource, sys
from costcalc.catalog.aws_offers.importer import import_offers
import_offers([sys.argv[1]], sys.argv[2])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def generate(path: Path, size_mb: int) -> None:
    rng = random.Random(5)
    index = {name: i for i, name in enumerate(EC2_HEADER)}
    systems = ["Windows", "RHEL", "SUSE", "Linux", "Red Hat Enterprise Linux with HA", "Ubuntu Pro"]
    regions = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1", "sa-east-1", "me-south-1"]
    families = ["m5", "c5", "r5", "m6g", "c7g", "t3", "m7i", "i4i"]
    sizes = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerows([*METADATA, ["OfferCode", "AmazonEC2"], EC2_HEADER])
        row = ["x" * 12] * len(EC2_HEADER)  # filler of realistic width in the columns no one reads
        n = 0
        while handle.tell() < size_mb * 1_000_000:
            n += 1
            kind = f"{rng.choice(families)}.{rng.choice(sizes)}"
            on_demand = rng.random() < 0.3
            values = {
                "SKU": f"SKU{n:012d}",
                "TermType": "OnDemand" if on_demand else "Reserved",
                "OfferTermCode": "JRTCKXETXF" if on_demand else "4NA7Y494T4",
                "Unit": "Hrs",
                "PricePerUnit": f"{rng.random():.10f}",
                "Currency": "USD",
                "Product Family": "Compute Instance",
                "Instance Type": kind,
                "vCPU": "4",
                "Memory": "16 GiB",
                "Physical Processor": "AWS Graviton3" if "g." in kind else "Intel Xeon",
                "Operating System": rng.choice(systems),
                "Tenancy": rng.choice(["Shared", "Dedicated", "Host"]),
                "Pre Installed S/W": rng.choice(["NA", "NA", "SQL Web"]),
                "CapacityStatus": rng.choice(["Used", "Used", "UnusedCapacityReservation"]),
                "Region Code": rng.choice(regions),
                "PriceDescription": f"${rng.random():.4f} per On Demand hour",
            }
            for name, value in values.items():
                row[index[name]] = value
            writer.writerow(row)


def timed(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--keep", help="Write the generated CSV here and keep it.")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(args.keep or Path(scratch) / "AmazonEC2.csv")
        generate(path, args.size_mb)
        size = os.path.getsize(path)
        bares, imports, rss = [], [], []
        for _ in range(args.repeat):  # alternate, and keep the best of each: the machine's load varies
            bares.append(timed([sys.executable, "-c", BARE, str(path)])[0])
            seconds, out = timed([sys.executable, "-c", IMPORT, str(path), str(Path(scratch) / "out.yaml")])
            imports.append(seconds)
            rss.append(int(out.strip().splitlines()[-1]) / 1024)
        bare, imported, rss_mb = min(bares), min(imports), max(rss)
    print(f"file          {size / 1e6:,.0f} MB")
    print(f"csv.reader    {bare:.2f} s")
    print(f"import        {imported:.2f} s")
    print(f"ratio         {imported / bare:.2f}x (target <= 1.5x)")
    print(f"peak RSS      {rss_mb:.0f} MB (target < 150 MB)")


if __name__ == "__main__":
    main()
