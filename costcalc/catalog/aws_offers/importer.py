"""``pricing import``: AWS Price List bulk offer files (AWSLambda, AmazonEC2; CSV or JSON) into a table.

Files are streamed: a CSV row at a time, a JSON file through ijson (the
``import`` extra), so memory stays flat whatever the size; only the rows kept
(Linux, shared tenancy, on-demand EC2; Lambda's request, duration, storage and
free-tier SKUs) are held. Sections and regions the files do not cover come
from a base table, and the result says which parts were imported and which
were written by hand. The table is written atomically (see ``write_table``).

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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, cast

from costcalc.catalog.bundled import table_path
from costcalc.catalog.cache import load_plain
from costcalc.catalog.model import IMPORT_SOURCE, by_price
from costcalc.catalog.schema import Plain

if TYPE_CHECKING:
    from costcalc.catalog.plain import PlainEc2Older, PlainEc2Region, PlainPrice, PlainTable
from costcalc.catalog.writer import check_target, write_table
from costcalc.errors import FileFormatError, InputError, MissingExtra
from costcalc.units import MILLION

SERVICES = ("AWSLambda", "AmazonEC2")
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
        return (
            family.startswith("Compute Instance")
            and (not self.regions or region in self.regions)
            and (not self.families or kind.split(".")[0] in self.families)
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


LAMBDA_GROUPS = {
    "AWS-Lambda-Requests": ("x86_64", "requests"),
    "AWS-Lambda-Requests-ARM": ("arm64", "requests"),
    "AWS-Lambda-Duration": ("x86_64", "duration"),
    "AWS-Lambda-Duration-ARM": ("arm64", "duration"),
    "AWS-Lambda-Storage-Duration": (None, "storage"),
}


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
        return  # provisioned concurrency, Lambda@Edge and the rest: not in costcalc's model
    arch, what = kind
    arch = arch or "x86_64"  # storage is priced the same for both
    plain = got.lambda_regions.setdefault(region, {"confidence": "seen-aws", "ephemeral_storage": None})
    price = _decimal(path, usd, f"{region} {what}")
    if what == "storage":
        plain["ephemeral_storage"] = str(price.normalize())
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
        on_demand = 0
        for row in rows:
            if row[term] != "OnDemand":
                continue
            on_demand += 1
            if row[system] != "Linux" or (code is not None and row[code] != ON_DEMAND):
                continue
            attributes = {key: row[i] for i, key in attribute_columns}
            if ec2.keep(attributes):
                _add_ec2(path, got, attributes, row[unit], row[usd])
        got.seen["on-demand"] += on_demand
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
                if prefix in ("offerCode", "version", "publicationDate") and event in ("string", "number"):
                    head[prefix] = str(value)
                if prefix == "products" or len(head) == 3:
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
    if "offerCode" not in head:
        raise FileFormatError(path, None, "", "not an AWS price list JSON (no offerCode)")
    offer = OfferFile(
        path, head["offerCode"], _cut(head.get("version", "")), _date(path, head.get("publicationDate", ""))
    )
    _check_service(offer)
    size = os.path.getsize(path)
    ec2_file = offer.offer_code == "AmazonEC2"
    kept: dict[str, dict[str, str]] = {}
    with open(path, "rb") as raw:
        source = _JsonSource(raw, path)
        tick = _progress(raw, size, show_progress)
        products = ijson.kvitems(source, "products", **options)
        for count, (sku, product) in enumerate(_json_items(path, products, source, ijson)):
            attributes = _product(path, sku, product)
            if not (ec2.keep(attributes) if ec2_file else _lambda_wanted(attributes)):
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
    return offer


def _on_demand_prices(path: str, sku: str, terms: Any) -> Iterator[tuple[dict[str, Any], str]]:
    """Each price dimension of a SKU's on-demand term, and its USD price as text; checked as read."""
    where = f"terms.OnDemand.{sku[:40]}"
    for code, term in _object(path, terms, where).items():
        if not isinstance(term, dict):
            _object(path, term, f"{where}.{code[:40]}")
        if term.get("offerTermCode", ON_DEMAND) != ON_DEMAND:
            continue
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


def _warnings(offer: OfferFile, seen: Counter[str]) -> tuple[str, ...]:
    """What a whole offer file of its service has and this one lacks: a sign it was cut short."""
    found = []
    if seen["no final line break"]:
        found.append("the last row has no line break")
    if offer.offer_code == "AmazonEC2" and not seen["on-demand"]:
        found.append("no on-demand prices")
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
    except FileNotFoundError:
        raise FileFormatError(path, None, "", "no such file") from None
    except OSError as exc:
        raise FileFormatError(path, None, "", f"cannot read: {exc.strerror or exc}") from None
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
    return plain


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
        tuple(warning for offer in offers for warning in offer.warnings) + tuple(shrinking),
        kept,
        base_name,
    )


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
