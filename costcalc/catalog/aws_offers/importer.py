"""``pricing import``: AWS Price List bulk offer files (Lambda, EC2, ECS; CSV or JSON) into a table.

Files are streamed: a CSV row at a time, a JSON file through ijson (the
``import`` extra), so memory stays flat whatever the size; only the rows kept
(Linux, shared tenancy, on-demand and Reserved EC2; Lambda's request, duration,
storage and free-tier SKUs; Linux Fargate's vCPU, memory and storage SKUs; the Linux EC2,
Lambda duration and Fargate rates of an AWSComputeSavingsPlan JSON file) are held.
Sections and regions the files do not cover come from a base table, and the
result says which parts were imported and which were written by hand. The
table is written atomically (see ``write_table``).

The files are untrusted: a CSV row and a JSON token are bounded in length, so
a hostile file costs linear time and flat memory; every complaint about one is
a ``FileFormatError`` naming the file; a file whose rows stop before its
sections are complete gets a warning in the result.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, cast

from costcalc.catalog.bundled import table_path
from costcalc.catalog.cache import load_plain
from costcalc.catalog.model import IMPORT_SOURCE, Confidence, by_price
from costcalc.catalog.purchase import CLASSES, PAYMENTS, RESERVED, SAVINGS_PLAN, TERMS, Purchase
from costcalc.catalog.schema import Plain

if TYPE_CHECKING:
    from costcalc.catalog.plain import (
        PlainCommitmentRate,
        PlainCommitmentSection,
        PlainEc2Older,
        PlainEc2Region,
        PlainFargateArch,
        PlainFargateRegion,
        PlainPrice,
        PlainTable,
    )
from costcalc.catalog.writer import check_target, write_table
from costcalc.collector import collector_paused
from costcalc.errors import FileFormatError, InputError, MissingExtra
from costcalc.units import MILLION

SAVINGS_PLANS = "AWSComputeSavingsPlan"
"""The Savings Plans offer holding both Compute and EC2 Instance Savings Plans rates (JSON only)."""
FARGATE = "AmazonECS"
"""The offer that prices Fargate (ECS's own charges are nil: Fargate's are its only rows kept)."""
SERVICES = ("AWSLambda", "AmazonEC2", SAVINGS_PLANS, FARGATE)
METADATA = ("FormatVersion", "Disclaimer", "Publication Date", "Version", "OfferCode")
# CSV headers and the JSON attribute names they correspond to.
CSV_ATTRIBUTES = {
    "Instance Type": "instanceType",
    "vCPU": "vcpu",
    "Memory": "memory",
    "Physical Processor": "physicalProcessor",
    "Operating System": "operatingSystem",
    "Tenancy": "tenancy",
    "Pre Installed S/W": "preInstalledSw",
    "CapacityStatus": "capacitystatus",
    "Region Code": "regionCode",
    "Group": "group",
    "usageType": "usagetype",
    "Product Family": "productFamily",
    "License Model": "licenseModel",
}
REQUIRED_COLUMNS = {
    "AmazonEC2": (
        "TermType",
        "Unit",
        "PricePerUnit",
        "Operating System",
        "Instance Type",
        "vCPU",
        "Region Code",
    ),
    "AWSLambda": ("TermType", "PricePerUnit"),
    FARGATE: ("TermType", "PricePerUnit", "usageType", "Region Code"),
}
"""The columns the import reads without a default: a header without one is not a whole offer file."""
ON_DEMAND = "JRTCKXETXF"
"""AWS's offer term code for on-demand prices; a term under OnDemand with another code is not one."""
ROW_LIMIT = 1 << 20
"""Characters in one CSV row, at most. AWS's rows are about 1,500; csv.reader would hold a 1 GB one whole."""
TOKEN_LIMIT = 1 << 20
"""Bytes in one JSON string or number, at most (AWS's are short). ijson's parser rescans a token that
spans its reads from the start at every read: one 64 MB string took 8 s, and 1 GB did not finish."""
LARGEST = Decimal("1e15")
"""No price, range or size in an offer file comes near this; bigger numbers are refused, not computed with."""
FREE_TIER = ("Global-Request", "Global-Lambda-GB-Second")
HEAD = ("offerCode", "version", "publicationDate", "regionCode")
"""The top-level keys read before ``products``; a Savings Plans file has no offerCode but a regionCode."""


@dataclass(frozen=True, slots=True)
class OfferFile:
    """What an offer file says it is, and what looks missing from it."""

    path: str
    offer_code: str
    version: str
    published: datetime.date
    warnings: tuple[str, ...] = ()


@dataclass
class Collected:
    """What the rows kept add up to (mutable while reading; plain data afterwards)."""

    types: dict[str, Plain] = field(default_factory=dict)
    ec2: dict[str, dict[str, str]] = field(default_factory=dict)
    ec2_files: dict[str, set[str]] = field(default_factory=dict)
    """The offer files that priced each EC2 region."""
    lambda_regions: dict[str, Plain] = field(default_factory=dict)
    free: dict[str, str] = field(default_factory=dict)
    reserved: dict[str, dict[str, dict[str, dict[str, str]]]] = field(default_factory=dict)
    """Per region, type and rate key (``1y standard partial-upfront``): the hourly and upfront parts seen."""
    plans: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """Per region, type and plan key (``compute 1y no-upfront``): the Savings Plans rate per instance-hour."""
    lambda_plans: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """Per region, plan key and architecture: Lambda's duration rate per GB-second under the plan."""
    fargate: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """Per region and architecture (or ``storage``): Fargate's on-demand prices seen (``per_vcpu_hour``,
    ``per_gb_hour``, ``per_gb_hour`` of storage)."""
    fargate_plans: dict[str, dict[str, dict[str, dict[str, str]]]] = field(default_factory=dict)
    """Per region, plan key and architecture: Fargate's rates under the plan seen, as in ``fargate``."""
    files: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    """The offer files that gave each (section, region): ``reserved``, ``savings_plans``, ``lambda_plans``,
    ``fargate``, ``fargate_plans``."""
    seen: Counter[str] = field(default_factory=Counter)
    """Rows of each section read (on-demand, requests, each free-tier band), and a last row without
    its line break: where a file was cut short shows here."""


# --- reading -------------------------------------------------------------------------------


def _shown(value: object, limit: int = 40) -> str:
    """``value`` quoted for a one-line message, cut to ``limit`` characters (a field can be 128 KB)."""
    text = str(value)
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "..."


def _cut(text: str, limit: int = 40) -> str:
    """``text`` as it is for a one-line message, its unprintable characters as ``?``, cut to ``limit``."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in text[:limit])
    return shown if len(text) <= limit else shown + "..."


def _progress(handle: BinaryIO, size: int, show: bool) -> Callable[[], None]:
    """A function that moves a progress bar on stderr to where reading ``handle`` has got."""
    if not show:
        return lambda: None
    from costcalc.catalog.aws_offers.progress import progress_bar

    update = progress_bar(os.path.basename(handle.name), size)
    return lambda: update(handle.tell(), None)


class _Lines:
    """The lines of a CSV file for ``csv.reader``, refusing a row longer than ``ROW_LIMIT`` characters.

    ``csv.reader`` reads a line whole and gathers a row over lines; this caps both, so a file
    of one 1 GB line (or a quoted field that never ends) costs no more memory than a short one.
    The reader of the rows resets ``row`` after each one.
    """

    def __init__(self, text: TextIO, path: str) -> None:
        self.text, self.path = text, path
        self.row = 0
        self.number = 0
        self.ended = True  # the last line read ends with a line break

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.text.readline(ROW_LIMIT + 1)
        if not line:
            raise StopIteration
        self.number += 1
        self.row += len(line)
        self.ended = line.endswith(("\n", "\r"))
        if self.row > ROW_LIMIT:
            raise FileFormatError(
                self.path,
                self.number,
                "",
                f"a row longer than {ROW_LIMIT:,} characters: not an AWS price list",
            )
        return line


def _csv_error(path: str, line: int, exc: csv.Error) -> FileFormatError:
    if "unexpected end of data" in str(exc):
        return FileFormatError(path, line, "", "truncated: the last row ends inside a quoted field")
    return FileFormatError(path, line, "", f"malformed CSV: {exc}")


def _csv_rows(
    path: str, show_progress: bool, seen: Counter[str]
) -> tuple[OfferFile, list[str], Iterator[list[str]]]:
    handle = open(path, "rb")  # noqa: SIM115 - closed here on error, else when the rows are exhausted
    lines = _Lines(io.TextIOWrapper(handle, encoding="utf-8", newline=""), path)
    # strict: a row cut inside a quoted field is an error, not a row missing its tail.
    reader = csv.reader(lines, strict=True)
    try:
        tick = _progress(handle, os.fstat(handle.fileno()).st_size, show_progress)
        offer, header = _csv_head(path, reader, lines)
    except UnicodeDecodeError:
        handle.close()
        raise FileFormatError(path, None, "", "not an AWS price list (not UTF-8 text)") from None
    except csv.Error as exc:
        handle.close()
        raise _csv_error(path, reader.line_num, exc) from None
    except BaseException:
        handle.close()
        raise
    width = len(header)

    def rows() -> Iterator[list[str]]:
        try:
            for count, row in enumerate(reader):
                lines.row = 0
                if len(row) != width:
                    raise FileFormatError(
                        path, reader.line_num, "", f"truncated or malformed: {len(row)} of {width} columns"
                    )
                if count % 20000 == 0:
                    tick()
                yield row
            tick()
            if not lines.ended:
                # AWS ends every row with a line break: a file that stops without one was cut,
                # perhaps just before an empty last column, which still gives a row of full width.
                seen["no final line break"] += 1
        except csv.Error as exc:
            raise _csv_error(path, reader.line_num, exc) from None
        except UnicodeDecodeError as exc:
            raise FileFormatError(path, reader.line_num, "", f"malformed CSV: {exc}") from None
        finally:
            handle.close()

    return offer, header, rows()


def _csv_head(path: str, reader: Any, lines: _Lines) -> tuple[OfferFile, list[str]]:
    """The five metadata rows and the header row of an offer CSV, checked."""
    meta = {}
    for expected in METADATA:
        row = next(reader, None)
        lines.row = 0
        if not row or row[0] != expected:
            raise FileFormatError(
                path, reader.line_num or None, "", f"not an AWS price list CSV (expected a {expected!r} row)"
            )
        meta[expected] = row[1] if len(row) > 1 else ""
    header = next(reader, None)
    lines.row = 0
    if not header:
        raise FileFormatError(path, reader.line_num, "", "truncated: no header row")
    offer = OfferFile(path, meta["OfferCode"], _cut(meta["Version"]), _date(path, meta["Publication Date"]))
    _check_service(offer)
    if offer.offer_code not in REQUIRED_COLUMNS:
        raise InputError("files", f"{path}: costcalc reads the {offer.offer_code} offer as JSON, not CSV")
    for name in REQUIRED_COLUMNS[offer.offer_code]:
        if name not in header:
            raise FileFormatError(
                path,
                reader.line_num,
                "",
                f"the header row has no {name!r} column: truncated, or not an {offer.offer_code} offer file",
            )
    return offer, list(header)


def _check_service(offer: OfferFile) -> None:
    if offer.offer_code not in SERVICES:
        raise InputError(
            "files",
            f"{offer.path} is a {_cut(offer.offer_code)} offer; costcalc imports {', '.join(SERVICES)}",
        )


def _first_line(exc: Exception) -> str:
    """A parser's complaint as one short printable line (ijson's can span lines and quote raw bytes)."""
    text = exc.args[0] if exc.args else str(exc)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    line = str(text).strip().splitlines()[0] if str(text).strip() else type(exc).__name__
    return "".join(ch for ch in line if ch.isprintable())[:80]


def _date(path: str, text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise FileFormatError(path, None, "publicationDate", f"expected a date, got {_shown(text)}") from None


def _decimal(path: str, text: str, what: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FileFormatError(path, None, what[:60], f"expected a number, got {_shown(text)}") from None
    # Bounded both ways, so that arithmetic on it stays exact: 1e999999999 overflows, 1e-999999999 underflows.
    if not value.is_finite() or value < 0 or value > LARGEST or (value and value.adjusted() < -30):
        raise FileFormatError(
            path, None, what[:60], f"expected a number from 0 to {LARGEST:,.0f}, got {_shown(text)}"
        )
    return value if value else Decimal(0)


# --- what to keep ------------------------------------------------------------------------


def _arch(processor: str) -> str:
    return "arm64" if "graviton" in processor.lower() else "x86_64"


def _memory_gib(path: str, text: str) -> str:
    number = text.replace(",", "").split()[0] if text.strip() else ""
    return str(_decimal(path, number, "memory"))


class _Ec2Filter:
    """Linux, shared tenancy, no pre-installed software, capacity used, on-demand: AWS's own list price."""

    def __init__(self, regions: Sequence[str], families: Sequence[str]) -> None:
        self.regions = set(regions)
        self.families = set(families)

    def keep(self, attributes: Mapping[str, object]) -> bool:
        """Whether to keep a product; one with a value that is not text is kept, to be refused by name."""
        if not (
            attributes.get("operatingSystem") == "Linux"
            and attributes.get("tenancy") == "Shared"
            and attributes.get("preInstalledSw") == "NA"
            and attributes.get("capacitystatus") == "Used"
        ):
            return False
        family = attributes.get("productFamily", "")
        region = attributes.get("regionCode", "")
        kind = attributes.get("instanceType", "")
        if not (isinstance(family, str) and isinstance(region, str) and isinstance(kind, str)):
            return True
        return family.startswith("Compute Instance") and self.keep_type(region, kind)

    def keep_type(self, region: str, kind: str) -> bool:
        """Whether the --region and --family filters keep this type in this region."""
        return (not self.regions or region in self.regions) and (
            not self.families or kind.split(".")[0] in self.families
        )


def _add_ec2(path: str, got: Collected, attributes: dict[str, str], unit: str, usd: str) -> None:
    if unit != "Hrs":
        return
    name, region = attributes.get("instanceType", ""), attributes.get("regionCode", "")
    if not name or not region:
        missing = "instanceType" if not name else "regionCode"
        raise FileFormatError(path, None, missing, "missing from an on-demand Linux instance price")
    if name not in got.types:
        vcpu = _decimal(path, attributes.get("vcpu", ""), f"{name} vcpu")
        if vcpu != vcpu.to_integral_value():
            raise FileFormatError(
                path, None, f"{name[:40]} vcpu", f"expected a whole number, got {_shown(vcpu)}"
            )
        got.types[name] = {
            "vcpu": int(vcpu),
            "memory_gib": _memory_gib(path, attributes.get("memory", "")),
            "arch": _arch(attributes.get("physicalProcessor", "")),
        }
    got.ec2.setdefault(region, {})[name] = str(_decimal(path, usd, f"{name} price").normalize())
    got.ec2_files.setdefault(region, set()).add(path)


def decimal_text(value: Decimal) -> str:
    """``value`` as the table writes it: no exponent and no trailing zeros (2750, not 2.75E+3)."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def reserved_key(lease: str, offering_class: str, payment: str) -> str | None:
    """The table's rate key for a Reserved term (``1y standard partial-upfront``); None for another kind.

    The bulk files write ``1yr``, ``standard``, ``Partial Upfront``; older files also had
    ``Heavy Utilization`` and the like, which no purchase option here names: those are skipped.
    """
    months = TERMS.get("".join(lease.split()).lower())
    kind = offering_class.strip().lower()
    how = "-".join(payment.split()).lower()
    if months is None or kind not in CLASSES or how not in PAYMENTS:
        return None
    return Purchase(RESERVED, months, offering_class=kind, payment=how).rate_key


def _add_reserved(
    path: str, got: Collected, attributes: dict[str, str], key: str | None, unit: str, usd: str
) -> None:
    """One price dimension of a Reserved term: its hourly charge (``Hrs``) or upfront fee (``Quantity``)."""
    if key is None or unit not in ("Hrs", "Quantity"):
        return
    name, region = attributes.get("instanceType", ""), attributes.get("regionCode", "")
    if not name or not region:
        missing = "instanceType" if not name else "regionCode"
        raise FileFormatError(path, None, missing, "missing from a Reserved Linux instance price")
    price = _decimal(path, usd, f"{name} reserved {key}")
    part = "hourly" if unit == "Hrs" else "upfront"
    got.reserved.setdefault(region, {}).setdefault(name, {}).setdefault(key, {})[part] = decimal_text(price)
    got.files.setdefault(("reserved", region), set()).add(path)
    got.seen["reserved"] += 1


LAMBDA_GROUPS = {
    "AWS-Lambda-Requests": ("x86_64", "requests"),
    "AWS-Lambda-Requests-ARM": ("arm64", "requests"),
    "AWS-Lambda-Duration": ("x86_64", "duration"),
    "AWS-Lambda-Duration-ARM": ("arm64", "duration"),
    "AWS-Lambda-Storage-Duration": (None, "storage"),
    # Provisioned concurrency: the configured capacity, and the duration of requests it serves.
    "AWS-Lambda-Provisioned-Concurrency": ("x86_64", "per_gb_second"),
    "AWS-Lambda-Provisioned-Concurrency-ARM": ("arm64", "per_gb_second"),
    "AWS-Lambda-Duration-Provisioned": ("x86_64", "duration_per_gb_second"),
    "AWS-Lambda-Duration-Provisioned-ARM": ("arm64", "duration_per_gb_second"),
}
PROVISIONED_RATES = ("per_gb_second", "duration_per_gb_second")


def _add_lambda(
    path: str, got: Collected, attributes: dict[str, str], begin: str, end: str, usd: str
) -> None:
    usage = attributes.get("usagetype", "")
    # The free tier: one architecture-neutral band each, location "Any".
    if usage.endswith(FREE_TIER):
        if _decimal(path, usd, usage) == 0 and end not in ("", "Inf"):
            band = "requests" if usage.endswith("Request") else "gb_seconds"
            got.free[band] = str(_decimal(path, end, usage))
            got.seen[f"free {band}"] += 1
        return
    kind = LAMBDA_GROUPS.get(attributes.get("group", ""))
    region = attributes.get("regionCode", "")
    if kind is None or not region:
        return  # Lambda@Edge, SnapStart and the rest: not in costcalc's model
    arch, what = kind
    arch = arch or "x86_64"  # storage is priced the same for both
    plain = got.lambda_regions.setdefault(region, {"confidence": "seen-aws", "ephemeral_storage": None})
    price = _decimal(path, usd, f"{region} {what}")
    if what == "storage":
        plain["ephemeral_storage"] = str(price.normalize())
    elif what in PROVISIONED_RATES:
        got.seen["provisioned"] += 1
        plain.setdefault(arch, {"per_gb_second": []}).setdefault("provisioned", {})[what] = str(
            price.normalize()
        )
    elif what == "requests":
        got.seen["requests"] += 1
        plain.setdefault(arch, {"per_gb_second": []})["per_million_requests"] = str(
            (price * MILLION).normalize()
        )
    else:
        tiers = plain.setdefault(arch, {"per_gb_second": []})["per_gb_second"]
        up_to = None if end in ("", "Inf") else str(_decimal(path, end, "endRange"))
        tiers.append(
            {
                "begin": _decimal(path, begin or "0", "beginRange"),
                "up_to": up_to,
                "price": str(price.normalize()),
            }
        )


FARGATE_USAGE = re.compile(
    r"(?:[A-Z0-9]+-)*Fargate-(?:(?P<arm>ARM-)?(?:(?P<vcpu>vCPU-Hours:perCPU)|GB-Hours)"
    r"|(?P<storage>EphemeralStorage-GB-Hours))"
)
"""Fargate's Linux usage types, region prefix optional (``USE1-Fargate-ARM-GB-Hours``). ``-ARM-`` is the
only reliable mark of the architecture in the AmazonECS offer. Windows (``Fargate-Windows-...``) and
Spot (``SpotUsage:Fargate-...``) usage types do not match: costcalc prices neither."""


def fargate_usage(usage: str) -> tuple[str, str] | None:
    """What a Fargate usage type prices: (``x86_64``, ``arm64`` or ``storage``; the table's price key).

    None for any other usage type.
    """
    found = FARGATE_USAGE.fullmatch(usage)
    if found is None:
        return None
    if found["storage"]:
        return "storage", "per_gb_hour"
    return ("arm64" if found["arm"] else "x86_64"), ("per_vcpu_hour" if found["vcpu"] else "per_gb_hour")


def _add_fargate(path: str, got: Collected, ec2: _Ec2Filter, attributes: dict[str, str], usd: str) -> None:
    """One on-demand Fargate price: a vCPU-hour or GB-hour of one architecture, or a GB-hour of storage.

    The ``--region`` filter applies, as to EC2's prices.
    """
    kind = fargate_usage(attributes.get("usagetype", ""))
    if kind is None or attributes.get("operatingSystem") == "Windows":
        return
    region = attributes.get("regionCode", "")
    if not region:
        raise FileFormatError(path, None, "regionCode", "missing from a Fargate price")
    if ec2.regions and region not in ec2.regions:
        return
    arch, what = kind
    price = _decimal(path, usd, f"{region} Fargate {arch} {what}")
    got.fargate.setdefault(region, {}).setdefault(arch, {})[what] = decimal_text(price)
    got.files.setdefault(("fargate", region), set()).add(path)
    got.seen["fargate"] += 1


def _fargate_wanted(attributes: dict[str, Any]) -> bool:
    usage = attributes.get("usagetype", "")
    return not isinstance(usage, str) or fargate_usage(usage) is not None  # not text: refused by name


def _read_csv(path: str, got: Collected, ec2: _Ec2Filter, show_progress: bool) -> OfferFile:
    offer, header, rows = _csv_rows(path, show_progress, got.seen)
    column = {name: index for index, name in enumerate(header)}
    attribute_columns = [(column[h], key) for h, key in CSV_ATTRIBUTES.items() if h in column]
    term, usd = column["TermType"], column["PricePerUnit"]
    code = column.get("OfferTermCode")
    begin, end = column.get("StartingRange"), column.get("EndingRange")
    if offer.offer_code == "AmazonEC2":
        # Cheap tests on raw columns first: most rows of an EC2 file are other terms and systems.
        system, unit = column["Operating System"], column["Unit"]
        named = [column.get(name) for name in ("LeaseContractLength", "OfferingClass", "PurchaseOption")]
        reserved = [i for i in named if i is not None] if None not in named else []
        on_demand = 0
        for row in rows:
            if row[term] == "OnDemand":
                on_demand += 1
                if row[system] != "Linux" or (code is not None and row[code] != ON_DEMAND):
                    continue
                attributes = {key: row[i] for i, key in attribute_columns}
                if ec2.keep(attributes):
                    _add_ec2(path, got, attributes, row[unit], row[usd])
            elif row[term] == "Reserved" and reserved and row[system] == "Linux":
                attributes = {key: row[i] for i, key in attribute_columns}
                if ec2.keep(attributes):
                    key = reserved_key(*(row[i] for i in reserved))
                    _add_reserved(path, got, attributes, key, row[unit], row[usd])
        got.seen["on-demand"] += on_demand
    elif offer.offer_code == FARGATE:
        for row in rows:
            if row[term] == "OnDemand" and (code is None or row[code] == ON_DEMAND):
                _add_fargate(path, got, ec2, {key: row[i] for i, key in attribute_columns}, row[usd])
    else:
        for row in rows:
            if row[term] == "OnDemand" and (code is None or row[code] == ON_DEMAND):
                attributes = {key: row[i] for i, key in attribute_columns}
                _add_lambda(
                    path,
                    got,
                    attributes,
                    row[begin] if begin is not None else "0",
                    row[end] if end is not None else "Inf",
                    row[usd],
                )
    return offer


class _JsonSource:
    """An offer file as ijson reads it, in blocks of ``TOKEN_LIMIT`` bytes, with no longer token.

    A run of more than ``TOKEN_LIMIT`` bytes without an unescaped double quote is refused:
    AWS's files quote every few dozen bytes, and a longer run is one long string or number.
    So a token spans at most two blocks, and ijson's rescans cost linear time in all.
    The last block and where it began are kept to place a parser's complaint.
    """

    def __init__(self, handle: BinaryIO, path: str) -> None:
        self.handle, self.path = handle, path
        self.block, self.start = b"", 0
        self.run = 0  # bytes since the last unescaped quote
        self.escaped = False  # the last block ended in a backslash that escapes the next byte

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        self.start += len(self.block)
        self.block = self.handle.read(TOKEN_LIMIT if size < 0 else min(size, TOKEN_LIMIT))
        self._check(self.block)
        return self.block

    def _check(self, block: bytes) -> None:
        scan = block
        if self.escaped and scan:
            scan = b"_" + scan[1:]
        if b"\\" in scan:
            # Hide escaped backslashes, then escaped quotes, keeping the length: what is left of
            # each quote is a real one. A lone backslash at the end escapes the next block's byte.
            scan = scan.replace(b"\\\\", b"__").replace(b'\\"', b"__")
        self.escaped = scan.endswith(b"\\")
        first = scan.find(b'"')
        if first < 0:
            self.run += len(scan)
        elif self.run + first > TOKEN_LIMIT:
            self.run += first
        else:
            self.run = len(scan) - scan.rfind(b'"') - 1
        if self.run > TOKEN_LIMIT:
            raise FileFormatError(
                self.path,
                None,
                "",
                f"a JSON string or number longer than {TOKEN_LIMIT:,} bytes near byte {self.start:,}: "
                "not an AWS price list",
            )

    def complaint(self, exc: Exception) -> FileFormatError:
        """ijson's (yajl's) complaint as one line, with the line it points at where that can be found."""
        raw = exc.args[0] if exc.args else ""
        message = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        problem = _first_line(exc).removeprefix("parse error: ").removeprefix("lexical error: ")
        if "premature EOF" in problem:
            return FileFormatError(self.path, None, "", "truncated: the JSON ends early")
        return FileFormatError(self.path, self._line(message), "", f"malformed JSON: {problem}")

    def _line(self, message: str) -> int | None:
        """The line of the byte yajl's message points at: its snippet, found in the last block.

        yajl quotes the block around the byte it stopped at, new lines as spaces, with
        ``(right here) ------^`` under column 40, the byte itself.
        """
        parts = message.split("\n")
        if len(parts) < 3 or parts[2].find("^") != 40:
            return None
        snippet = parts[1].encode("utf-8", "replace")
        shown = snippet.lstrip(b" ")
        text = self.block.replace(b"\n", b" ").replace(b"\r", b" ")
        places: list[int] = []
        at = text.find(shown)
        while at >= 0 and len(places) < 2:
            places.append(at + len(shown) - (len(snippet) - 40))
            at = text.find(shown, at + 1)
        if len(places) != 1 or not 0 <= places[0] <= len(self.block):
            return None  # not found, or not only once: no line is better than a wrong one
        stop = min(self.start + max(places[0] - 1, 0), self.start + len(self.block))  # yajl's byte before
        lines = 1
        with open(self.path, "rb") as again:
            while stop > 0:
                chunk = again.read(min(stop, 1 << 20))
                if not chunk:
                    break
                lines += chunk.count(b"\n")
                stop -= len(chunk)
        return lines


def _json_items(path: str, items: Iterable[Any], source: _JsonSource, ijson: Any) -> Iterator[Any]:
    """ijson's items, every parser complaint turned into a one-line ``FileFormatError``."""
    try:
        yield from items
    except ijson.JSONError as exc:
        raise source.complaint(exc) from None
    except (ValueError, ArithmeticError) as exc:  # a number the parser could not convert
        raise FileFormatError(
            path, None, "", f"malformed JSON: a number it cannot read ({_first_line(exc)})"
        ) from None


def _object(path: str, value: Any, where: str) -> dict[str, Any]:
    """``value`` if a JSON object, else a ``FileFormatError`` naming ``where`` and what it is."""
    if isinstance(value, dict):
        return value
    kind = {list: "a list", str: "a string", bool: "true or false", type(None): "null"}.get(
        type(value), "a number"
    )
    raise FileFormatError(path, None, where, f"expected an object, got {kind}")


def _product(path: str, sku: str, product: Any) -> dict[str, Any]:
    """A product's attributes, with its productFamily, as they are: only kept ones are checked."""
    if not isinstance(product, dict):
        _object(path, product, f"products.{sku[:40]}")
    given = product.get("attributes", {})
    if not isinstance(given, dict):
        _object(path, given, f"products.{sku[:40]}.attributes")
    return {**given, "productFamily": product.get("productFamily", "")}


def _text(path: str, sku: str, attributes: dict[str, Any]) -> dict[str, str]:
    """The attributes the import reads, as text (AWS writes each as a JSON string); the rest dropped."""
    kept = {}
    for key in (*CSV_ATTRIBUTES.values(), "productFamily"):
        value = attributes.get(key)
        if isinstance(value, str):
            kept[key] = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            kept[key] = str(value)
        elif key in attributes:
            raise FileFormatError(path, None, f"products.{sku[:40]}.{key}", "expected a string")
    return kept


def _lambda_wanted(attributes: dict[str, Any]) -> bool:
    group, usage = attributes.get("group"), attributes.get("usagetype", "")
    if not (isinstance(group, (str, type(None))) and isinstance(usage, str)):
        return True  # to be refused by name
    return group in LAMBDA_GROUPS or usage.endswith(FREE_TIER)


def _read_json(path: str, got: Collected, ec2: _Ec2Filter, show_progress: bool) -> OfferFile:
    try:
        import ijson  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional extra
    except ImportError:
        raise MissingExtra("importing JSON offer files needs ijson: pip install 'costcalc[import]'") from None
    # use_float: yajl then reads integers itself, refusing a huge one; ijson's own conversion of
    # an integer over 4,300 digits crashes the interpreter (ijson 3.6). Prices are JSON strings.
    options = {"buf_size": TOKEN_LIMIT, "use_float": True}
    with open(path, "rb") as handle:
        head = {}
        source = _JsonSource(handle, path)
        try:
            for prefix, event, value in ijson.parse(source, **options):
                if prefix in HEAD and event in ("string", "number"):
                    head[prefix] = str(value)
                if prefix in ("products", "terms"):
                    # A Savings Plans file lists its products; an offer file keys them by SKU.
                    head["products"] = event
                    break
        except ijson.JSONError as exc:
            if "premature EOF" in str(exc):
                raise FileFormatError(path, None, "", "truncated: the JSON ends early") from None
            raise FileFormatError(
                path, None, "", f"not an AWS price list JSON ({_first_line(exc)})"
            ) from None
        except (ValueError, ArithmeticError) as exc:
            raise FileFormatError(
                path, None, "", f"not an AWS price list JSON ({_first_line(exc)})"
            ) from None
    if "offerCode" not in head and head.get("products") == "start_array":
        head["offerCode"] = SAVINGS_PLANS
    if "offerCode" not in head:
        raise FileFormatError(path, None, "", "not an AWS price list JSON (no offerCode)")
    offer = OfferFile(
        path, head["offerCode"], _cut(head.get("version", "")), _date(path, head.get("publicationDate", ""))
    )
    _check_service(offer)
    if offer.offer_code == SAVINGS_PLANS:
        _read_savings_plans(path, head.get("regionCode", ""), got, ec2, show_progress, ijson)
        return offer
    size = os.path.getsize(path)
    ec2_file = offer.offer_code == "AmazonEC2"
    fargate_file = offer.offer_code == FARGATE
    wanted = ec2.keep if ec2_file else _fargate_wanted if fargate_file else _lambda_wanted
    kept: dict[str, dict[str, str]] = {}
    with open(path, "rb") as raw:
        source = _JsonSource(raw, path)
        tick = _progress(raw, size, show_progress)
        products = ijson.kvitems(source, "products", **options)
        for count, (sku, product) in enumerate(_json_items(path, products, source, ijson)):
            attributes = _product(path, sku, product)
            if not wanted(attributes):
                continue
            kept[sku] = _text(path, sku, attributes)
            if count % 20000 == 0:
                tick()
    on_demand = 0
    with open(path, "rb") as raw:
        source = _JsonSource(raw, path)
        skus = ijson.kvitems(source, "terms.OnDemand", **options)
        for sku, terms in _json_items(path, skus, source, ijson):
            on_demand += 1
            found = kept.get(sku)
            if found is None:
                continue
            for dimension, usd in _on_demand_prices(path, sku, terms):
                if ec2_file:
                    _add_ec2(path, got, found, str(dimension.get("unit", "")), usd)
                elif fargate_file:
                    _add_fargate(path, got, ec2, found, usd)
                else:
                    _add_lambda(
                        path,
                        got,
                        found,
                        str(dimension.get("beginRange", "0")),
                        str(dimension.get("endRange", "Inf")),
                        usd,
                    )
    got.seen["on-demand"] += on_demand
    if ec2_file and kept:
        with open(path, "rb") as raw:
            source = _JsonSource(raw, path)
            skus = ijson.kvitems(source, "terms.Reserved", **options)
            for sku, terms in _json_items(path, skus, source, ijson):
                found = kept.get(sku)
                if found is None:
                    continue
                for key, dimension, usd in _reserved_prices(path, sku, terms):
                    _add_reserved(path, got, found, key, str(dimension.get("unit", "")), usd)
    return offer


def _reserved_prices(path: str, sku: str, terms: Any) -> Iterator[tuple[str | None, dict[str, Any], str]]:
    """Each price dimension of a SKU's Reserved terms, with the term's rate key; checked as read."""
    where = f"terms.Reserved.{sku[:40]}"
    for code, term in _object(path, terms, where).items():
        at = f"{where}.{code[:40]}"
        given = _object(path, _object(path, term, at).get("termAttributes", {}), f"{at}.termAttributes")
        texts = [given.get(name, "") for name in ("LeaseContractLength", "OfferingClass", "PurchaseOption")]
        key = reserved_key(*texts) if all(isinstance(text, str) for text in texts) else None
        yield from ((key, dimension, usd) for dimension, usd in _dimension_prices(path, at, term))


def _dimension_prices(path: str, where: str, term: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """Each price dimension of one term and its USD price as text; checked as read."""
    dimensions = term.get("priceDimensions", {})
    if not isinstance(dimensions, dict):
        _object(path, dimensions, f"{where}.priceDimensions")
    for rate, dimension in dimensions.items():
        price = dimension.get("pricePerUnit", {}) if isinstance(dimension, dict) else None
        if not isinstance(price, dict):
            at = f"{where}.priceDimensions.{rate[:40]}"
            _object(path, dimension, at)
            price = _object(path, price, f"{at}.pricePerUnit")
        usd = price.get("USD", "")
        if not isinstance(usd, str):  # the parser reads JSON numbers as floats: never money
            at = f"{where}.priceDimensions.{rate[:40]}.pricePerUnit.USD"
            raise FileFormatError(path, None, at, "expected the price as a JSON string, as AWS writes it")
        yield dimension, usd


PLAN_FAMILIES = {"ComputeSavingsPlans": "compute", "EC2InstanceSavingsPlans": "ec2-instance"}
"""A Savings Plans product's ``productFamily`` and the plan it is; other families (SageMaker) are skipped."""
BOX_USAGE = re.compile(r"(?:[A-Z0-9]+-)*BoxUsage:(?P<type>[a-z0-9][a-z0-9.-]*)")
"""An EC2 rate's usage type, region prefix optional (``USE1-BoxUsage:m5.large``): shared tenancy."""
LAMBDA_DURATION = re.compile(r"(?:[A-Z0-9]+-)*Lambda-GB-Second(?P<arm>-ARM)?")
"""Lambda's on-demand duration usage type (not ``Lambda-Provisioned-GB-Second``), region prefix optional."""
LINUX = "RunInstances"
"""The operation of Linux with no pre-installed software; ``RunInstances:0002`` and the like are others."""


def _plan_key(path: str, index: int, product: Any) -> str | None:
    """A Savings Plans product's rate key (``compute 1y no-upfront``); None for another kind of plan."""
    where = f"products[{index}]"
    given = _object(path, product, where)
    attributes = _object(path, given.get("attributes", {}), f"{where}.attributes")
    plan = PLAN_FAMILIES.get(str(given.get("productFamily") or attributes.get("productFamily", "")))
    if plan is None:
        return None
    term = attributes.get("purchaseTerm", "")
    payment = attributes.get("purchaseOption", "")
    months = TERMS.get("".join(str(term).split()).lower())
    how = "-".join(str(payment).split()).lower()
    if months is None:
        raise FileFormatError(
            path, None, f"{where}.attributes.purchaseTerm", f"expected 1yr or 3yr, got {_shown(term)}"
        )
    if how not in PAYMENTS:
        raise FileFormatError(
            path,
            None,
            f"{where}.attributes.purchaseOption",
            f"expected No Upfront, Partial Upfront or All Upfront, got {_shown(payment)}",
        )
    return Purchase(SAVINGS_PLAN, months, plan=plan, payment=how).rate_key


def _read_savings_plans(
    path: str,
    file_region: str,
    got: Collected,
    ec2: _Ec2Filter,
    show_progress: bool,
    ijson: Any,
) -> None:
    """The Linux EC2, Lambda duration and Fargate rates of an AWSComputeSavingsPlan region file.

    Two streamed passes: the products (each plan's kind, term and payment, by SKU), then each
    rate of every plan. A rate names its plan by the first part of its ``rateCode``
    (``PLANSKU.RATESKU``), so no plan's whole list of rates (tens of thousands) is held.
    Shape: "Reading the service price list file for a Savings Plan" (AWS Billing user guide).
    """
    options = {"buf_size": TOKEN_LIMIT, "use_float": True}
    plans: dict[str, str] = {}
    with open(path, "rb") as raw:
        source = _JsonSource(raw, path)
        products = ijson.items(source, "products.item", **options)
        for index, product in enumerate(_json_items(path, products, source, ijson)):
            key = _plan_key(path, index, product)
            sku = product.get("sku")
            if key is not None:
                if not isinstance(sku, str):
                    raise FileFormatError(path, None, f"products[{index}].sku", "expected a string")
                plans[sku] = key
    with open(path, "rb") as raw:
        source = _JsonSource(raw, path)
        tick = _progress(raw, os.path.getsize(path), show_progress)
        rates = ijson.items(source, "terms.savingsPlan.item.rates.item", **options)
        for count, rate in enumerate(_json_items(path, rates, source, ijson)):
            if count % 20000 == 0:
                tick()
            got.seen["plan rates"] += 1
            _add_plan_rate(path, got, ec2, plans, file_region, rate)


def _add_plan_rate(
    path: str, got: Collected, ec2: _Ec2Filter, plans: Mapping[str, str], file_region: str, rate: Any
) -> None:
    given = _object(path, rate, "terms.savingsPlan.rates")
    texts = {}
    names = ("rateCode", "discountedUsageType", "discountedOperation", "discountedRegionCode")
    for name in (*names, "discountedServiceCode"):
        value = given.get(name, "")
        if not isinstance(value, str):
            raise FileFormatError(path, None, f"terms.savingsPlan.rates.{name}", "expected a string")
        texts[name] = value
    key = plans.get(texts["rateCode"].split(".")[0])
    if key is None:
        return
    usage = texts["discountedUsageType"]
    box = BOX_USAGE.fullmatch(usage)
    duration = LAMBDA_DURATION.fullmatch(usage) if box is None else None
    fargate = fargate_usage(usage) if box is None and duration is None else None
    if fargate is not None and (
        fargate[0] == "storage" or texts["discountedServiceCode"] not in (FARGATE, "")
    ):
        fargate = None  # EKS's Fargate rates repeat ECS's; storage is not discounted
    if box is None and ((duration is None and fargate is None) or not key.startswith("compute ")):
        return  # provisioned concurrency, dedicated tenancy and the rest; only Compute plans cover serverless
    if box is not None and texts["discountedOperation"] != LINUX:
        return  # Windows, RHEL, SQL Server and other systems
    region = texts["discountedRegionCode"] or file_region
    where = f"terms.savingsPlan.rates.{texts['rateCode'][:60]}"
    if not region:
        raise FileFormatError(
            path, None, f"{where}.discountedRegionCode", "missing, and the file has no regionCode"
        )
    discounted = _object(path, given.get("discountedRate", {}), f"{where}.discountedRate")
    price = discounted.get("price", "")
    if not isinstance(price, str):  # the parser reads JSON numbers as floats: never money
        raise FileFormatError(
            path, None, f"{where}.discountedRate.price", "expected the price as a JSON string"
        )
    amount = decimal_text(_decimal(path, price, f"{where}.discountedRate.price"))
    if box is not None:
        name = box["type"]
        if not ec2.keep_type(region, name):
            return
        got.plans.setdefault(region, {}).setdefault(name, {})[key] = amount
        got.files.setdefault(("savings_plans", region), set()).add(path)
    elif duration is not None:
        arch = "arm64" if duration["arm"] else "x86_64"
        got.lambda_plans.setdefault(region, {}).setdefault(key, {})[arch] = amount
        got.files.setdefault(("lambda_plans", region), set()).add(path)
    elif fargate is not None:
        arch, what = fargate
        got.fargate_plans.setdefault(region, {}).setdefault(key, {}).setdefault(arch, {})[what] = amount
        got.files.setdefault(("fargate_plans", region), set()).add(path)


def _on_demand_prices(path: str, sku: str, terms: Any) -> Iterator[tuple[dict[str, Any], str]]:
    """Each price dimension of a SKU's on-demand term, and its USD price as text; checked as read."""
    where = f"terms.OnDemand.{sku[:40]}"
    for code, term in _object(path, terms, where).items():
        if not isinstance(term, dict):
            _object(path, term, f"{where}.{code[:40]}")
        if term.get("offerTermCode", ON_DEMAND) != ON_DEMAND:
            continue
        yield from _dimension_prices(path, where, term)


def _warnings(offer: OfferFile, seen: Counter[str]) -> tuple[str, ...]:
    """What a whole offer file of its service has and this one lacks: a sign it was cut short."""
    found = []
    if seen["no final line break"]:
        found.append("the last row has no line break")
    if offer.offer_code == "AmazonEC2" and not seen["on-demand"]:
        found.append("no on-demand prices")
    if offer.offer_code == FARGATE and not seen["fargate"]:
        found.append("no Fargate prices")
    if offer.offer_code == SAVINGS_PLANS and not seen["plan rates"]:
        found.append("no Savings Plans rates")
    if offer.offer_code == "AWSLambda":
        if not seen["requests"]:
            found.append("no request prices")
        missing = [band for band in ("requests", "gb_seconds") if not seen[f"free {band}"]]
        if missing:
            found.append(f"no free-tier {' or '.join(missing)} band (the base table's free tier is kept)")
    return tuple(
        f"{offer.path}: {what}; a whole {offer.offer_code} offer file has them: is it cut short?"
        for what in found
    )


def read_offer(path: str, got: Collected, ec2: _Ec2Filter, show_progress: bool = False) -> OfferFile:
    """Read one offer file (CSV or JSON, told apart by its first non-blank byte) into ``got``.

    The ``OfferFile`` returned carries a warning for each section the file lacks.
    """
    try:
        with open(path, "rb") as handle:
            first = handle.read(4096).lstrip()[:1]  # JSON may start with white space
    except OSError as exc:
        raise FileFormatError.unreadable(path, exc) from None
    before = Counter(got.seen)
    if first == b"{":
        offer = _read_json(path, got, ec2, show_progress)
    else:
        offer = _read_csv(path, got, ec2, show_progress)
    seen = got.seen - before
    return replace(offer, warnings=_warnings(offer, seen))


# --- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What ``pricing import`` wrote."""

    out: str
    offers: tuple[OfferFile, ...]
    ec2_regions: tuple[str, ...]
    instance_types: int
    lambda_regions: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    """One line each for stderr: an offer file that looks cut short, and what was kept instead."""
    kept: int = 0
    """EC2 prices kept from the base table in the regions imported (with ``merge``)."""
    base: str = ""
    """The base table's name."""
    reserved_regions: tuple[str, ...] = ()
    """The regions whose Reserved Instance rates were imported."""
    plan_regions: tuple[str, ...] = ()
    """The regions whose Savings Plans rates (EC2, Lambda, Fargate or some of them) were imported."""
    fargate_regions: tuple[str, ...] = ()
    """The regions whose Fargate prices were imported."""


def _lambda_region(region: str, plain: Plain) -> Plain:
    for arch in ("x86_64", "arm64"):
        if arch in plain:
            tiers = sorted(plain[arch]["per_gb_second"], key=lambda t: t["begin"])
            plain[arch]["per_gb_second"] = [{"up_to": t["up_to"], "price": t["price"]} for t in tiers]
            if "per_million_requests" not in plain[arch] or not tiers:
                raise InputError(
                    "files",
                    f"the Lambda offer lacks the {arch} request or duration price in {_cut(region)}",
                )
            provisioned = plain[arch].get("provisioned")
            if provisioned is not None and set(provisioned) != set(PROVISIONED_RATES):
                del plain[arch]["provisioned"]  # one rate alone cannot price it: as if the table lacked both
    return plain


@collector_paused()  # millions of short-lived rows and no cycles: a fifth of the time, for nothing
def import_offers(
    paths: Sequence[str],
    out: str,
    *,
    name: str | None = None,
    base: str = "aws",
    regions: Sequence[str] = (),
    families: Sequence[str] = (),
    show_progress: bool = False,
    merge: bool = False,
) -> ImportResult:
    """Import offer files into a table written to ``out``; what they do not cover comes from ``base``.

    An EC2 region the files price replaces the base's region whole, unless ``merge``: then the
    files' prices replace the base's for the types they price, and the base's other types stay,
    each under its own source and date (see ``merge_region``).
    """
    if not paths:
        raise InputError("files", "give at least one offer file")
    check_target(out)  # before reading what may be gigabytes
    got = Collected()
    ec2 = _Ec2Filter(regions, families)
    offers = tuple(read_offer(path, got, ec2, show_progress) for path in paths)
    base_name, base_path = table_path(base)
    # Built up loosely here; write_table validates the result before it replaces anything.
    table = cast(Plain, load_plain(base_path))
    sources = dict(table["sources"])
    # Numbered after any the base has (a base may itself be imported), so no earlier file's name is reused.
    first = 1 + max(
        (int(key[len(IMPORT_SOURCE) :]) for key in sources if _is_import_key(key)),
        default=0,
    )
    named = {f"{IMPORT_SOURCE}{first + index}": offer for index, offer in enumerate(offers)}
    for key, offer in named.items():
        sources[key] = (
            f"AWS Price List bulk offer file {offer.path} ({offer.offer_code}, version {offer.version}, "
            f"published {offer.published.isoformat()})"
        )
    keys = {
        offer.offer_code: [key for key, o in named.items() if o.offer_code == offer.offer_code]
        for offer in offers
    }
    parts = []
    shrinking: list[str] = []
    kept = 0
    if got.ec2:
        instance_types = dict(table["ec2"]["instance_types"])
        for type_name, spec in got.types.items():
            known = instance_types.get(type_name, {})
            # Burstable baselines and notes are not in the price list: keep the base table's.
            instance_types[type_name] = {**spec, **{k: v for k, v in known.items() if k not in spec}}
        ec2_regions = dict(table["ec2"]["regions"])
        if not merge:
            shrunk = [
                _shrunk(region, prices, ec2_regions.get(region), base_name)
                for region, prices in got.ec2.items()
            ]
            shrinking = [warning for warning in shrunk if warning is not None]
        for region, found in got.ec2.items():
            files = got.ec2_files[region]
            prices: dict[str, PlainPrice] = dict(found)
            fresh: PlainEc2Region = {
                "confidence": "seen-aws",
                # The files that priced this region, not every EC2 file read.
                "source": [
                    key for key, o in named.items() if o.offer_code == "AmazonEC2" and o.path in files
                ],
                "prices": prices,
                "by_price": by_price(prices),
            }
            before = ec2_regions.get(region)
            if merge and before is not None:
                fresh = merge_region(fresh, before, table["as_of"])
                kept += len(fresh["prices"]) - len(prices)
            ec2_regions[region] = fresh
        table["ec2"] = {**table["ec2"], "instance_types": instance_types, "regions": ec2_regions}
        kept_there = f" (the other types there kept from {base_name})" if kept else ""
        parts.append(f"EC2 {', '.join(sorted(got.ec2))} imported{kept_there}")
    if got.lambda_regions:
        lam = dict(table["lambda"])
        lam_regions = dict(lam["regions"])
        for region, plain in got.lambda_regions.items():
            lam_regions[region] = {**_lambda_region(region, plain), "source": keys["AWSLambda"]}
        lam["regions"] = lam_regions
        if len(got.free) == 2:
            lam["free_tier"] = got.free
        table["lambda"] = lam
        parts.append(f"Lambda {', '.join(sorted(got.lambda_regions))} imported")
    commitment_parts, dropped, written = _import_commitments(table, got, named, merge)
    parts.extend(commitment_parts)
    fargate_parts, fargate_warnings, fargate_written = _import_fargate(table, sources, got, named, merge)
    parts.extend(fargate_parts)
    if not parts:
        raise InputError(
            "files", "the offer files hold no prices costcalc uses (check --region and --family)"
        )
    table["sources"] = sources
    table["as_of"] = min(offer.published for offer in offers).isoformat()
    table["source"] = (
        f"{'; '.join(parts)} from AWS Price List offer files ({', '.join(o.path for o in offers)}); "
        f"everything else from {base_name}, written by hand: {table['source']}"
    )
    write_table(
        cast("PlainTable", table),
        out,
        header=f"# Imported by costcalc pricing import; the rest from {base_name}.\n",
    )
    return ImportResult(
        out,
        offers,
        tuple(sorted(got.ec2)),
        len(got.types),
        tuple(sorted(got.lambda_regions)),
        tuple(warning for offer in offers for warning in offer.warnings)
        + tuple(shrinking)
        + dropped
        + fargate_warnings,
        kept,
        base_name,
        tuple(sorted(written["reserved"])),
        tuple(sorted(written["savings_plans"] | written["lambda"] | fargate_written["savings_plans"])),
        tuple(sorted(fargate_written["prices"])),
    )


def _complete(key: str, parts: Mapping[str, str]) -> PlainCommitmentRate | None:
    """A Reserved rate from the parts its term's rows gave: no upfront row means none for No Upfront."""
    hourly, upfront = parts.get("hourly"), parts.get("upfront")
    if upfront is None and key.endswith(" no-upfront"):
        upfront = "0"
    if hourly is None or upfront is None:
        return None
    return {"hourly": hourly, "upfront": upfront}


def _import_commitments(
    table: Plain, got: Collected, named: Mapping[str, OfferFile], merge: bool
) -> tuple[list[str], tuple[str, ...], dict[str, set[str]]]:
    """Write the Reserved and Savings Plans rates read into ``table``.

    Returns what was imported (for the table's ``source``), warnings, and the regions written
    per section (``reserved``, ``savings_plans``, ``lambda``).

    Only types the table lists and regions it prices are written. A region's section is replaced
    whole, unless ``merge``: then the base's rates for the types the files lack stay (see
    ``merge_section``).
    """
    ec2 = table["ec2"]
    known, priced = ec2["instance_types"], ec2["regions"]
    commitments = {region: dict(c) for region, c in ec2.get("commitments", {}).items()}
    parts, incomplete = [], 0
    written: dict[str, set[str]] = {"reserved": set(), "savings_plans": set(), "lambda": set()}
    sections: dict[str, Mapping[str, Mapping[str, Mapping[str, Any]]]] = {
        "reserved": got.reserved,
        "savings_plans": got.plans,
    }
    for section, by_region in sections.items():
        done = []
        for region, by_type in sorted(by_region.items()):
            if region not in priced:
                continue
            rates: dict[str, dict[str, PlainCommitmentRate]] = {}
            for name, by_key in sorted(by_type.items()):
                if name not in known:
                    continue
                kept: dict[str, PlainCommitmentRate] = {}
                for key, raw in sorted(by_key.items()):
                    rate = _complete(key, raw) if isinstance(raw, dict) else raw
                    if rate is None:
                        incomplete += 1
                    else:
                        kept[key] = rate
                if kept:
                    rates[name] = kept
            if not rates:
                continue
            fresh = _section(named, got.files[(section, region)], rates)
            before = commitments.get(region, {}).get(section)
            if merge and before is not None:
                fresh = merge_section(fresh, before, table["as_of"])
            commitments.setdefault(region, {})[section] = fresh
            done.append(region)
            written[section].add(region)
        if done:
            what = "Reserved Instance" if section == "reserved" else "EC2 Savings Plans"
            parts.append(f"{what} rates for {', '.join(done)} imported")
    table["ec2"] = {**ec2, "commitments": commitments}
    lam_regions = dict(table["lambda"]["regions"])
    done = []
    for region, by_key in sorted(got.lambda_plans.items()):
        if region not in lam_regions:
            continue
        fresh = _section(named, got.files[("lambda_plans", region)], {k: by_key[k] for k in sorted(by_key)})
        before = lam_regions[region].get("savings_plans")
        if merge and before is not None:
            fresh = merge_section(fresh, before, table["as_of"])
        lam_regions[region] = {**lam_regions[region], "savings_plans": fresh}
        done.append(region)
        written["lambda"].add(region)
    if done:
        table["lambda"] = {**table["lambda"], "regions": lam_regions}
        parts.append(f"Lambda Savings Plans rates for {', '.join(done)} imported")
    warnings: tuple[str, ...] = ()
    if incomplete:
        warnings = (
            f"{counted_rates(incomplete)} left out: the offer files give their hourly charge or upfront fee "
            "but not both",
        )
    return parts, warnings, written


def _fargate_archs(
    found: Mapping[str, Mapping[str, str]], where: str
) -> tuple[dict[str, PlainFargateArch], tuple[str, ...]]:
    """The architectures ``found`` gives both a vCPU-hour and a GB-hour price, and a warning for each
    it gives only one of them."""
    archs: dict[str, PlainFargateArch] = {}
    warnings = []
    for arch in ("x86_64", "arm64"):
        prices = found.get(arch, {})
        if "per_vcpu_hour" in prices and "per_gb_hour" in prices:
            archs[arch] = {"per_vcpu_hour": prices["per_vcpu_hour"], "per_gb_hour": prices["per_gb_hour"]}
        elif prices:
            warnings.append(
                f"Fargate {arch} {where} left out: the offer files give its vCPU-hour or GB-hour price "
                "but not both"
            )
    return archs, tuple(warnings)


def _import_fargate(
    table: Plain, sources: dict[str, str], got: Collected, named: Mapping[str, OfferFile], merge: bool
) -> tuple[list[str], tuple[str, ...], dict[str, set[str]]]:
    """Write the Fargate prices and Savings Plans rates read into ``table``'s ``fargate`` section.

    Returns what was imported (for the table's ``source``), warnings, and the regions written
    (``prices``, ``savings_plans``). An imported region replaces the base's prices there, keeping
    the base's Savings Plans rates unless the files give some (``merge`` keeps the base's for the
    plans the files lack). Plan rates are written only where the table prices Fargate. A base
    without a ``fargate`` section (aws-2015) takes the task sizes, which are not prices, from the
    current bundled table, with the sources that table cites for them.
    """
    written: dict[str, set[str]] = {"prices": set(), "savings_plans": set()}
    section = table.get("fargate")
    if section is None:
        if not got.fargate:
            return [], (), written
        current = load_plain(table_path("aws")[1])
        section = {**cast(Plain, current["fargate"]), "regions": {}}
        for key in section["source"]:
            sources.setdefault(key, current["sources"][key])
    regions = dict(section["regions"])
    parts: list[str] = []
    warnings: list[str] = []
    for region, found in sorted(got.fargate.items()):
        archs, missing = _fargate_archs(found, f"in {_cut(region)}")
        warnings.extend(missing)
        if not archs:
            continue
        fresh: PlainFargateRegion = {
            "confidence": Confidence.SEEN_AWS.value,
            # The files that priced this region, not every AmazonECS file read.
            "source": [key for key, o in named.items() if o.path in got.files[("fargate", region)]],
            "ephemeral_storage_per_gb_hour": found.get("storage", {}).get("per_gb_hour"),
            **archs,  # type: ignore[typeddict-item]
        }
        before = regions.get(region)
        if before is not None and "savings_plans" in before:
            fresh["savings_plans"] = before["savings_plans"]
        regions[region] = fresh
        written["prices"].add(region)
    for region, by_key in sorted(got.fargate_plans.items()):
        if region not in regions:
            continue
        rates = {}
        for key in sorted(by_key):
            archs, missing = _fargate_archs(by_key[key], f"under {key} in {_cut(region)}")
            warnings.extend(missing)
            if archs:
                rates[key] = archs
        if not rates:
            continue
        plans = _section(named, got.files[("fargate_plans", region)], rates)
        before_plans = regions[region].get("savings_plans")
        if merge and before_plans is not None:
            plans = merge_section(plans, before_plans, table["as_of"])
        regions[region] = {**regions[region], "savings_plans": plans}
        written["savings_plans"].add(region)
    if written["prices"] or written["savings_plans"]:
        table["fargate"] = {**section, "regions": regions}
    if written["prices"]:
        parts.append(f"Fargate {', '.join(sorted(written['prices']))} imported")
    if written["savings_plans"]:
        parts.append(
            f"Fargate Savings Plans rates for {', '.join(sorted(written['savings_plans']))} imported"
        )
    return parts, tuple(warnings), written


def counted_rates(number: int) -> str:
    """``1 Reserved rate``, ``2 Reserved rates``."""
    return f"{number:,} Reserved rate{'' if number == 1 else 's'}"


def _section(named: Mapping[str, OfferFile], files: set[str], rates: Any) -> PlainCommitmentSection:
    """A commitment section citing the files that gave it, dated by the oldest of them."""
    offers = {key: offer for key, offer in named.items() if offer.path in files}
    return {
        "source": list(offers),
        "confidence": Confidence.SEEN_AWS.value,
        "as_of": min(offer.published for offer in offers.values()).isoformat(),
        "rates": rates,
    }


def merge_section(
    imported: PlainCommitmentSection, base: PlainCommitmentSection, base_as_of: str
) -> PlainCommitmentSection:
    """A commitment section's imported rates over its ``base`` ones, for the types (or keys) imported.

    A section names one list of sources and one date, so a merged one cites both the files and
    the base's sources, takes the older date and the weaker confidence of the two.
    """
    kept = {name: rates for name, rates in base["rates"].items() if name not in imported["rates"]}
    if not kept:
        return imported
    order = list(Confidence)
    confidence = max(Confidence(imported["confidence"]), Confidence(base["confidence"]), key=order.index)
    rates = {**kept, **imported["rates"]}
    return {
        "source": [*imported["source"], *(s for s in base["source"] if s not in imported["source"])],
        "confidence": confidence.value,
        "as_of": min(imported.get("as_of", base_as_of), base.get("as_of", base_as_of)),
        "rates": {name: rates[name] for name in sorted(rates)},
    }


def _is_import_key(key: str) -> bool:
    """Whether ``key`` is a source name ``pricing import`` gave: ``import-`` and a number."""
    number = key[len(IMPORT_SOURCE) :]
    return key.startswith(IMPORT_SOURCE) and number.isascii() and number.isdigit()


def merge_region(imported: PlainEc2Region, base: PlainEc2Region, base_as_of: str) -> PlainEc2Region:
    """A region's imported EC2 prices over its ``base`` ones, each price still cited to its own source.

    The imported types take the region's own source. The base's own types that the import lacks
    become the first older group, under the base region's source and date (``base_as_of``, the
    base table's, when it has none); the base's older groups follow, less the types imported.
    An older group names one source, so a base region citing several is kept under its first.
    A partial base region stays partial unless the import prices every type it had.
    """
    new = imported["prices"]
    older = base.get("older", [])
    from_older = {name for group in older for name in group["names"]}
    own = sorted(name for name in base["prices"] if name not in new and name not in from_older)
    groups: list[PlainEc2Older] = []
    if own:
        groups.append(
            {
                "source": base["source"][:1],
                "confidence": base["confidence"],
                "as_of": base.get("as_of", base_as_of),
                "names": own,
            }
        )
    for group in older:
        names = [name for name in group["names"] if name not in new]
        if not names:
            continue
        same = next((g for g in groups if g["source"] == group["source"]), None)
        if same is None:
            groups.append({**group, "names": names})
        elif (same["as_of"], same["confidence"]) == (group["as_of"], group["confidence"]):
            same["names"] = sorted(same["names"] + names)
        else:  # the schema keys older groups by source: one source cannot carry two dates in a region
            raise InputError(
                "merge",
                f"the base region's prices cite {group['source'][0]} with two dates or confidences; "
                "cannot keep both",
            )
    prices = {**{name: base["prices"][name] for group in groups for name in group["names"]}, **new}
    merged: PlainEc2Region = {
        "confidence": imported["confidence"],
        "source": imported["source"],
        "prices": prices,
        "by_price": by_price(prices),
    }
    if groups:
        merged["older"] = groups
        if base.get("partial"):
            merged["partial"] = True
    return merged


SHRINK_WARNING = 2
"""An import that prices fewer than 1/2 of the types the base priced in a region is warned about."""


def _shrunk(region: str, prices: dict[str, Any], before: Any, base_name: str) -> str | None:
    """A warning when an import replaces a region's list with a far shorter one."""
    if not isinstance(before, dict):
        return None
    kept = set(before.get("prices", {}))
    for older in before.get("older", []) or []:
        kept |= set(older.get("prices", {}))
    if len(prices) * SHRINK_WARNING >= len(kept):
        return None
    return (
        f"{region}: the offer files price {len(prices):,} instance types where {base_name} priced "
        f"{len(kept):,}; the table keeps only the imported ones there (import a whole region's file "
        f"for the full list, or --merge to keep {base_name}'s other types)"
    )
