"""``pricing fetch``: download current AWS Price List offer files over HTTPS, then import them.

Downloads go to a temporary file with a timeout on every read and a bounded
number of tries; a dropped connection resumes with an HTTP Range request
where the server allows it, and starts over where it does not. Only a
complete file (its length checked against Content-Length) is imported, and
the table is written atomically, so a failed fetch leaves the old table.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence

from costcalc.catalog.aws_offers.importer import SERVICES, ImportResult, import_offers
from costcalc.catalog.writer import check_target
from costcalc.errors import FetchError, InputError

DEFAULT_ENDPOINT = "https://pricing.us-east-1.amazonaws.com"
ENDPOINT_VARIABLE = "COSTCALC_PRICING_ENDPOINT"
CHUNK = 1 << 20
REGION = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")
"""An AWS region code (us-east-1, us-gov-west-1, ap-southeast-5): it becomes part of a URL path."""


def offer_url(endpoint: str, service: str, region: str, fmt: str) -> str:
    """``{endpoint}/offers/v1.0/aws/{service}/current/{region}/index.{csv|json}``."""
    return f"{endpoint.rstrip('/')}/offers/v1.0/aws/{service}/current/{region}/index.{fmt}"


def _seconds(value: float, field: str) -> float:
    """A number of seconds: finite and above zero (a socket takes ``nan`` and ``inf`` badly)."""
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise InputError(field, f"expected a number of seconds above 0, got {value!r}")
    return float(value)


def _check_endpoint(endpoint: str) -> None:
    """An http(s) URL with a host, which urllib can parse: a bad one is the user's, in one line."""
    problem = None
    if not endpoint.startswith(("https://", "http://")):
        problem = "expected an http:// or https:// URL"
    elif not endpoint.isascii() or not endpoint.isprintable() or " " in endpoint:
        problem = "expected a URL without spaces, control or non-ASCII characters"
    else:
        try:
            parts = urllib.parse.urlsplit(endpoint)
            parts.port  # noqa: B018 - parsing the port is the check
        except ValueError as exc:
            problem = f"expected a valid URL ({exc})"
        else:
            if not parts.hostname:
                problem = "expected a URL with a host"
            elif parts.query or parts.fragment:
                problem = "expected a base URL, without ? or #"
    if problem:
        raise InputError("endpoint", f"{problem}, got {endpoint[:200]!r}")


def download(
    url: str,
    target: str,
    *,
    timeout: float = 30.0,
    tries: int = 3,
    backoff: float = 1.0,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """Fetch ``url`` into ``target``, resuming after a dropped connection; returns the size."""
    size: int | None = None
    last_error = "no attempt made"
    with open(target, "wb") as out:
        for attempt in range(1, tries + 1):
            done = out.tell()
            request = urllib.request.Request(url, headers={"Range": f"bytes={done}-"} if done else {})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    if done and response.status != 206:
                        out.seek(0)
                        out.truncate()  # the server ignored the range: start again
                        done = 0
                    length = response.headers.get("Content-Length")
                    if length is not None:
                        size = done + int(length)
                    while chunk := response.read(CHUNK):
                        out.write(chunk)
                        if progress:
                            progress(out.tell(), size)
                if size is None or out.tell() == size:
                    return out.tell()
                last_error = f"the connection closed after {out.tell():,} of {size:,} bytes"
            except urllib.error.HTTPError as exc:
                if exc.code in (404, 403):
                    raise FetchError(f"{url}: {exc.code} {exc.reason}") from None
                last_error = f"{exc.code} {exc.reason}"
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last_error = f"the connection failed after {out.tell():,} bytes: {reason}"
            if attempt < tries:
                time.sleep(backoff * attempt)
    raise FetchError(f"{url}: download failed after {tries} tries ({last_error})")


def fetch_offers(
    services: Sequence[str],
    region: str,
    out: str,
    *,
    fmt: str = "csv",
    endpoint: str | None = None,
    base: str = "aws",
    timeout: float = 30.0,
    tries: int = 3,
    backoff: float = 1.0,
    show_progress: bool = False,
) -> ImportResult:
    """Download each service's current offer file for ``region`` and import them into ``out``."""
    for service in services:
        if service not in SERVICES:
            raise InputError("service", f"expected one of {', '.join(SERVICES)}, got {service!r}")
    if not REGION.fullmatch(region):
        raise InputError("region", f"expected an AWS region code such as us-east-1, got {region[:60]!r}")
    if fmt not in ("csv", "json"):
        raise InputError("offer_format", f"expected csv or json, got {fmt!r}")
    endpoint = endpoint or os.environ.get(ENDPOINT_VARIABLE) or DEFAULT_ENDPOINT
    _check_endpoint(endpoint)
    timeout = _seconds(timeout, "timeout")
    if tries < 1:
        raise InputError("tries", f"expected at least 1, got {tries}")
    check_target(out)
    scratch = tempfile.mkdtemp(prefix="costcalc-fetch-")
    try:
        files = []
        for service in services:
            url = offer_url(endpoint, service, region, fmt)
            target = os.path.join(scratch, f"{service}-{region}.{fmt}")
            download(
                url,
                target,
                timeout=timeout,
                tries=tries,
                backoff=backoff,
                progress=_bar(url) if show_progress else None,
            )
            files.append(target)
        return import_offers(files, out, base=base, regions=[region])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _bar(url: str) -> Callable[[int, int | None], None]:
    from costcalc.catalog.aws_offers.progress import progress_bar

    return progress_bar(url.rsplit("/", 3)[-3], None)
