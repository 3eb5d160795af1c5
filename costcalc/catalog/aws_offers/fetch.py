"""``pricing fetch``: download current AWS Price List offer files over HTTPS, then import them.

Downloads go to a scratch folder with a timeout on every read, a bounded
number of tries, a size limit and a deadline for all of them together; a
dropped connection resumes with an HTTP Range request where the server allows
it, and starts over where it does not. Only a complete file (its length
checked against Content-Length) is imported, and the table is written
atomically, so a failed fetch leaves the old table. The scratch folder goes
whatever happens, SIGTERM and Ctrl-C included.

The server is not trusted either: a redirect to another host is refused (it
would get the request, Range header and all), and a malformed reply, an
endless body or one that trickles in are each one ``FetchError``.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import IO, Any

from costcalc.catalog.aws_offers.importer import FARGATE, SAVINGS_PLANS, SERVICES, ImportResult, import_offers
from costcalc.catalog.writer import check_target, unwinding_signals
from costcalc.errors import FetchError, InputError

DEFAULT_ENDPOINT = "https://pricing.us-east-1.amazonaws.com"
ENDPOINT_VARIABLE = "COSTCALC_PRICING_ENDPOINT"
CHUNK = 1 << 20
DEFAULT_MAX_SIZE = 12 * 10**9
"""Bytes one offer file may have: AWS's largest (AmazonEC2, every region) is about 9.1 GB."""
DEFAULT_DEADLINE = 3600.0
"""Seconds all the downloads of one fetch may take: a region's files are under 500 MB."""
MAX_REDIRECTS = 5
REGION = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")
"""An AWS region code (us-east-1, us-gov-west-1, ap-southeast-5): it becomes part of a URL path."""
_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]i?b|b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
_UNITS.update({"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40})


SAVINGS_PLANS_INDEX = f"/savingsPlan/v1.0/aws/{SAVINGS_PLANS}/current/region_index.json"
"""The Savings Plans region index, as the offer index's ``currentSavingsPlanIndexUrl`` names it."""
INDEX_LIMIT = 16 * 10**6
"""Bytes the Savings Plans region index may have: AWS's is a few kilobytes."""


def offer_url(endpoint: str, service: str, region: str, fmt: str) -> str:
    """``{endpoint}/offers/v1.0/aws/{service}/current/{region}/index.{csv|json}``."""
    return f"{endpoint.rstrip('/')}/offers/v1.0/aws/{service}/current/{region}/index.{fmt}"


def byte_size(value: int | str, field: str = "max_size") -> int:
    """A size in bytes from ``12000000000``, ``"12GB"``, ``"500 MB"`` or ``"1.5GiB"`` (GB is 10**9 bytes)."""
    if isinstance(value, int):
        number = value
    else:
        match = _SIZE.fullmatch(value)
        if not match:
            raise InputError(field, f"expected a size such as 12GB, 500MB or 2000000 (bytes), got {value!r}")
        number = int(Decimal(match[1]) * _UNITS[(match[2] or "").lower()])
    if number < 1:
        raise InputError(field, f"expected a size of at least 1 byte, got {value!r}")
    return number


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


def _one_line(text: object, limit: int = 120) -> str:
    """A server's words (a reason phrase, a header) made safe for a one-line message."""
    line = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())
    return line if len(line) <= limit else line[:limit] + "..."


class _Watch:
    """The sockets a download opened, so that its deadline can cut one off in mid-read.

    A timeout bounds each read, not the whole; a server sending a byte a second would never
    trip it. At the deadline a timer shuts the sockets down, which ends any blocked read.
    (Sockets, not connections: urllib drops the connection's hold on its socket once the
    headers are in.)
    """

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.lock = threading.Lock()

    def add(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):  # closed already
            sock.shutdown(socket.SHUT_RDWR)


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same host, and never from https to http.

    urllib would carry the request's headers, Range included, to any host a server names.
    """

    max_redirections = MAX_REDIRECTS

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any
    ) -> Any:
        """Follow the redirect if it stays on the same host; else, or if malformed, a ``FetchError``."""
        location = headers.get("location") or headers.get("uri")
        if location:
            try:
                new = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, location))
                new.port  # noqa: B018 - parsing the port is part of the check
            except ValueError as exc:
                fp.close()
                raise FetchError(f"{req.full_url}: the server redirects to a malformed URL ({exc})") from None
            old = urllib.parse.urlsplit(req.full_url)
            if (
                new.scheme not in ("http", "https")
                or new.hostname != old.hostname
                or (old.scheme, new.scheme) == ("https", "http")
            ):
                fp.close()
                raise FetchError(
                    f"{req.full_url}: the server redirects ({code}) to {_one_line(location)}, "
                    "another host or scheme; costcalc does not follow it"
                )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(watch: _Watch) -> urllib.request.OpenerDirector:
    """urllib's opener, with every connection handed to ``watch`` and same-host redirects only."""

    class Http(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()  # bounded by the timeout
            watch.add(self.sock)

    class Https(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()  # the TLS handshake too
            watch.add(self.sock)

    class HttpHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Http, req)

    class HttpsHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Https, req)

    return urllib.request.build_opener(HttpHandler, HttpsHandler, _SameHostRedirects)


def _length(url: str, response: http.client.HTTPResponse) -> int | None:
    """The body's length from Content-Length, if given; a malformed one is a ``FetchError``."""
    text = response.headers.get("Content-Length")
    if text is None:
        return None
    if not re.fullmatch(r"\s*[0-9]{1,20}\s*", text):
        raise FetchError(f"{url}: the server sent a malformed Content-Length ({_one_line(text, 40)!r})")
    return int(text)


def _resumes_at(response: http.client.HTTPResponse, done: int) -> bool:
    """Whether a 206 reply continues the file at byte ``done``: its Content-Range says so, or is absent."""
    given = response.headers.get("Content-Range")
    if given is None:
        return True  # RFC 9110 requires it on a 206; without it, take the server at its word
    match = re.fullmatch(r"\s*bytes\s+([0-9]{1,20})-[0-9]{1,20}/(?:[0-9]{1,20}|\*)\s*", given)
    return match is not None and int(match[1]) == done


def download(
    url: str,
    target: str,
    *,
    timeout: float = 30.0,
    tries: int = 3,
    backoff: float = 1.0,
    max_size: int = DEFAULT_MAX_SIZE,
    deadline: float = DEFAULT_DEADLINE,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """Fetch ``url`` into ``target``, resuming after a dropped connection; returns the size.

    ``timeout`` bounds each read, ``deadline`` (seconds) the whole download with its retries,
    and ``max_size`` the bytes taken; each is a ``FetchError`` when passed.
    """
    watch = _Watch()
    timer = threading.Timer(deadline, watch.expire)
    timer.daemon = True  # never keeps the process alive
    timer.start()
    try:
        return _download(url, target, timeout, tries, backoff, max_size, deadline, progress, watch)
    finally:
        timer.cancel()


def _download(
    url: str,
    target: str,
    timeout: float,
    tries: int,
    backoff: float,
    max_size: int,
    deadline: float,
    progress: Callable[[int, int | None], None] | None,
    watch: _Watch,
) -> int:
    opener = _opener(watch)
    end = time.monotonic() + deadline
    last_error = "no attempt made"

    def too_slow(done: int) -> FetchError:
        return FetchError(
            f"{url}: not complete within the deadline of {round(deadline, 1):g} s ({done:,} bytes came)"
        )

    with open(target, "wb") as out:
        for attempt in range(1, tries + 1):
            done = out.tell()
            request = urllib.request.Request(url, headers={"Range": f"bytes={done}-"} if done else {})
            try:
                with opener.open(request, timeout=timeout) as response:
                    if done and response.status == 206 and not _resumes_at(response, done):
                        out.seek(0)
                        out.truncate()  # the next try asks for the whole file
                        raise _Retry("the server resumed at another byte than asked")
                    if done and response.status != 206:
                        out.seek(0)
                        out.truncate()  # the server ignored the range: start again
                        done = 0
                    length = _length(url, response)
                    size = None if length is None else done + length
                    if size is not None and size > max_size:
                        raise FetchError(
                            f"{url}: the file has {size:,} bytes, more than the limit of {max_size:,}"
                        )
                    while chunk := response.read1(CHUNK):  # what has come, so a trickle is kept too
                        if watch.expired:
                            break  # reads after the shutdown may still return what was on its way
                        out.write(chunk)
                        if out.tell() > max_size:
                            raise FetchError(
                                f"{url}: the file is larger than the limit of {max_size:,} bytes"
                            )
                        if progress:
                            progress(out.tell(), size)
                done = out.tell()
                if watch.expired:
                    raise too_slow(done)  # the timer cut the body short: what came is not the file
                if size is None or done == size:
                    return done
                last_error = f"the connection closed after {done:,} of {size:,} bytes"
            except urllib.error.HTTPError as exc:
                exc.close()
                if watch.expired:
                    raise too_slow(out.tell()) from None
                if exc.code in (404, 403):
                    raise FetchError(f"{url}: {exc.code} {_one_line(exc.reason)}") from None
                if 300 <= exc.code < 400:
                    # urllib's own message spans three lines, and a loop will not mend on a retry.
                    looped = str(exc.reason).startswith(_SameHostRedirects.inf_msg)
                    why = (
                        f"a redirect loop, or more than {MAX_REDIRECTS} redirects"
                        if looped
                        else "no Location"
                    )
                    raise FetchError(f"{url}: {exc.code} {why}") from None
                last_error = f"{exc.code} {_one_line(exc.reason)}"
            except _Retry as exc:
                last_error = str(exc)
            except (OSError, http.client.HTTPException) as exc:  # URLError is an OSError
                if watch.expired:
                    raise too_slow(out.tell()) from None
                last_error = _failure(exc, out.tell())
            if attempt < tries:
                pause = min(backoff * attempt, end - time.monotonic())
                if pause < 0:
                    raise too_slow(out.tell())
                time.sleep(pause)
    raise FetchError(f"{url}: download failed after {tries} tries ({last_error})")


class _Retry(Exception):
    """This try failed in a way the next one may not."""


def _failure(exc: OSError | http.client.HTTPException, done: int) -> str:
    """What went wrong in a try, in one line: a connection's error, or a reply http.client refused."""
    if isinstance(exc, OSError):  # first: RemoteDisconnected is both
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        return f"the connection failed after {done:,} bytes: {_one_line(reason) or type(reason).__name__}"
    return f"the server's reply was malformed after {done:,} bytes: {type(exc).__name__}: {_one_line(exc)}"


def plan_url(endpoint: str, index: str, region: str) -> str:
    """The Savings Plans file of ``region`` named by the region index (JSON text) fetched from ``endpoint``.

    The index is ``{"regions": [{"regionCode", "versionUrl"}, ...]}``; a ``versionUrl`` is a path on
    the same server (one naming another host, or not under ``/savingsPlan/``, is refused).
    """
    import json

    where = f"{endpoint.rstrip('/')}{SAVINGS_PLANS_INDEX}"
    try:
        document = json.loads(index)
    except ValueError as exc:
        raise FetchError(f"{where}: not a Savings Plans region index ({_one_line(exc)})") from None
    regions = document.get("regions") if isinstance(document, dict) else None
    if not isinstance(regions, list):
        raise FetchError(f"{where}: not a Savings Plans region index (no list of regions)")
    for entry in regions:
        if isinstance(entry, dict) and entry.get("regionCode") == region:
            path = entry.get("versionUrl")
            if not isinstance(path, str) or not path.startswith("/savingsPlan/") or ".." in path:
                raise FetchError(f"{where}: {region}'s versionUrl is not a /savingsPlan/ path on this server")
            return f"{endpoint.rstrip('/')}{path}"
    raise FetchError(f"{where}: no Savings Plans file for {region}")


def _has_ijson() -> bool:
    try:
        import ijson  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        return False
    return True


DEFAULT_SERVICES = tuple(service for service in SERVICES if service != FARGATE)
"""What ``pricing fetch`` downloads unless told: not AmazonECS, which only Fargate comparisons need,
and whose regions beyond the bundled one few users compare."""


def fetch_offers(
    services: Sequence[str] | None,
    region: str,
    out: str,
    *,
    fmt: str = "csv",
    endpoint: str | None = None,
    base: str = "aws",
    timeout: float = 30.0,
    tries: int = 3,
    backoff: float = 1.0,
    max_size: int | str | None = None,
    deadline: float | None = None,
    show_progress: bool = False,
    merge: bool = False,
) -> ImportResult:
    """Download each service's current offer file for ``region`` and import them into ``out``.

    ``services`` default to ``DEFAULT_SERVICES``: AWSLambda, AmazonEC2 and the Savings Plans file
    (JSON, so left out, with a warning, where ijson is not installed). AmazonECS (Fargate's prices)
    is fetched only when named. The Savings Plans file is found
    through its region index, and is JSON whatever ``fmt`` says.

    ``deadline`` is in seconds for all the downloads together (default ``DEFAULT_DEADLINE``);
    ``max_size`` is per file, in bytes or as text such as ``"12GB"`` (default ``DEFAULT_MAX_SIZE``);
    ``merge`` keeps the base's other EC2 types in the region, as ``import_offers`` does.
    """
    skipped: tuple[str, ...] = ()
    if services is None:
        services = DEFAULT_SERVICES
        if not _has_ijson():
            services = tuple(s for s in DEFAULT_SERVICES if s != SAVINGS_PLANS)
            skipped = (
                "Savings Plans rates not fetched: their offer file is JSON, which needs ijson "
                "(pip install 'costcalc[import]')",
            )
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
    deadline = _seconds(DEFAULT_DEADLINE if deadline is None else deadline, "deadline")
    limit = byte_size(DEFAULT_MAX_SIZE if max_size is None else max_size)
    if tries < 1:
        raise InputError("tries", f"expected at least 1, got {tries}")
    check_target(out)
    end = time.monotonic() + deadline
    with unwinding_signals():  # SIGTERM too unwinds through the finally below
        scratch = tempfile.mkdtemp(prefix="costcalc-fetch-")
        try:
            files = []

            def get(url: str, target: str, most: int) -> None:
                left = end - time.monotonic()
                if left <= 0:
                    raise FetchError(f"{url}: not started within the deadline of {deadline:g} s")
                download(
                    url,
                    target,
                    timeout=timeout,
                    tries=tries,
                    backoff=backoff,
                    max_size=most,
                    deadline=left,
                    progress=_bar(url) if show_progress else None,
                )

            for service in services:
                if service == SAVINGS_PLANS:
                    index = os.path.join(scratch, "savings-plans-region-index.json")
                    get(f"{endpoint.rstrip('/')}{SAVINGS_PLANS_INDEX}", index, min(limit, INDEX_LIMIT))
                    with open(index, encoding="utf-8", errors="replace") as handle:
                        url = plan_url(endpoint, handle.read(), region)
                    target = os.path.join(scratch, f"{service}-{region}.json")
                else:
                    url = offer_url(endpoint, service, region, fmt)
                    target = os.path.join(scratch, f"{service}-{region}.{fmt}")
                get(url, target, limit)
                files.append(target)
            result = import_offers(files, out, base=base, regions=[region], merge=merge)
            return replace(result, warnings=result.warnings + skipped) if skipped else result
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def _bar(url: str) -> Callable[[int, int | None], None]:
    from costcalc.catalog.aws_offers.progress import progress_bar

    return progress_bar(url.rsplit("/", 3)[-3], None)
