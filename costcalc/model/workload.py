"""What a user describes: traffic, duration, memory, and how servers would be sized.

``Workload`` is the single source of its fields. Each field carries a
``FieldSpec`` (help text, kind, choices, flag and file key); the command-line
options (``costcalc.cli.options``) and the workload-file readers
(``costcalc.workload_files.schema``) are generated from those specs, so adding
a field is one edit here plus its docs.

``Workload`` checks what it can on its own (positive, finite, sane sizes);
limits that depend on a price table (memory range, region) are checked by
``compare``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from costcalc.catalog.model import ApiGatewayKind, Arch
from costcalc.errors import InputError
from costcalc.money import EXACT, plain
from costcalc.units import HOURS_PER_DAY, HOURS_PER_MONTH, INCLUDED_STORAGE_MB, SECONDS_PER_MONTH

MAX_REQUESTS_PER_SECOND = Decimal(10_000_000)
"""Beyond this average rate a figure is more likely a typo than a workload."""
MAX_INSTANCES = 100_000
MAX_PEAK_FACTOR = Decimal(1000)
MIN_UTILIZATION = Decimal("0.01")
"""Below 1% target utilization the server count is a typo, not a plan."""

NumberLike = Decimal | int | float | str


class FieldSpec(NamedTuple):
    """How a workload field is given: on the command line and in a workload file."""

    help: str
    kind: str
    """``number``, ``whole``, ``switch`` (true/false), ``choice``, ``text`` or ``names`` (a list)."""
    choices: tuple[str, ...] = ()
    flag: str = ""
    """The command-line flag, when it is not ``--`` plus the field name with dashes."""
    key: str = ""
    """The workload-file key, when it is not the field name."""
    none: str = ""
    """The word that stands for None (``none`` for no API Gateway)."""
    rate: bool = False
    """One of the request rates: exactly one is given."""


SPEC = "costcalc"
"""The metadata key of a field's ``FieldSpec``."""


def _spec(default: Any, help: str, kind: str = "number", **more: Any) -> Any:
    return field(default=default, metadata={SPEC: FieldSpec(help, kind, **more)})


_ARCHS = tuple(a.value for a in Arch)
_GATEWAYS = tuple(k.value for k in ApiGatewayKind)


def to_decimal(field: str, value: NumberLike) -> Decimal:
    """A finite ``Decimal`` from user input; floats go through ``str`` so 0.7 stays 0.7."""
    if isinstance(value, bool):
        raise InputError(field, f"expected a number, got {value!r}")
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise InputError(field, f"expected a number, got {value!r}") from None
    if not number.is_finite():
        raise InputError(field, f"expected a finite number, got {value}")
    return number


def _positive(field: str, value: NumberLike) -> Decimal:
    number = to_decimal(field, value)
    if number <= 0:
        raise InputError(field, f"must be greater than 0, got {plain(number)}")
    return number


RATES = ("rpd", "rps", "requests_per_month")
"""The request rates; a workload gives exactly one."""


@dataclass(frozen=True, slots=True)
class Workload:
    """A steady workload: how many requests, how long each runs, and on what."""

    ms: Decimal = _spec(None, "Average duration of one request, in ms.")
    """Average duration of one request, in milliseconds."""
    rpd: Decimal | None = _spec(None, "Requests per day.", rate=True)
    """Requests per day (give exactly one of rpd, rps, requests_per_month)."""
    rps: Decimal | None = _spec(None, "Average requests per second.", rate=True)
    """Average requests per second."""
    requests_per_month: Decimal | None = _spec(None, "Requests per month, used exactly as given.", rate=True)
    """Requests per month, used exactly as given."""
    memory: Decimal = _spec(Decimal(128), "Lambda memory, MB.")
    """Lambda memory, in MB."""
    arch: Arch = _spec(
        Arch.X86_64, "CPU architecture of Lambda and of the auto-picked server.", "choice", choices=_ARCHS
    )
    region: str = _spec("us-east-1", "AWS region.", "text")
    free_tier: bool = _spec(False, "Apply Lambda's monthly free tier (one pool per account).", "switch")
    """Apply Lambda's monthly free tier (off by default: the account shares one)."""
    storage: Decimal = _spec(
        INCLUDED_STORAGE_MB, f"Lambda ephemeral storage, MB; above {INCLUDED_STORAGE_MB} is billed."
    )
    """Lambda ephemeral storage (/tmp), in MB; above the included 512 MB is billed."""
    api_gateway: ApiGatewayKind | None = _spec(
        None, "API Gateway in front of the function.", "choice", choices=("none", *_GATEWAYS), none="none"
    )
    instances: tuple[str, ...] = _spec(
        (),
        "EC2 type to compare (repeatable); default: the cheapest that carries the load.",
        "names",
        flag="--instance",
        key="instance",
    )
    """EC2 instance types to compare; empty means the cheapest that carries the load."""
    peak_factor: Decimal = _spec(Decimal(1), "Peak over average request rate.")
    """Peak request rate over the average, for sizing servers."""
    cpu_share: Decimal = _spec(Decimal(1), "Share of each request's duration spent on CPU.")
    """Share of a request's duration spent on CPU."""
    utilization: Decimal = _spec(Decimal("0.7"), "Target CPU utilization per server at peak.")
    """Target CPU utilization of each server at peak."""
    min_instances: int = _spec(1, "The fewest servers to run.", "whole")
    load_balancer: bool = _spec(False, "Put an Application Load Balancer in front of the servers.", "switch")

    def __post_init__(self) -> None:
        if self.ms is None:
            raise InputError("ms", "the average duration is required")
        given = [name for name in RATES if getattr(self, name) is not None]
        if len(given) != 1:
            what = "none was given" if not given else f"{' and '.join(given)} were both given"
            raise InputError("requests", f"give exactly one request rate ({what})")
        set_ = object.__setattr__  # normalising inputs of a frozen dataclass
        set_(self, given[0], _positive(given[0], getattr(self, given[0])))
        for name in ("ms", "memory", "storage", "peak_factor", "cpu_share", "utilization"):
            set_(self, name, _positive(name, getattr(self, name)))
        set_(self, "arch", _enum(Arch, "arch", self.arch))
        if self.api_gateway is not None:
            set_(self, "api_gateway", _enum(ApiGatewayKind, "api_gateway", self.api_gateway))
        set_(self, "instances", tuple(self.instances))
        if EXACT.divide(self.monthly_requests, SECONDS_PER_MONTH) > MAX_REQUESTS_PER_SECOND:
            raise InputError(
                given[0], f"{plain(getattr(self, given[0]))} is more than 10 million requests a second"
            )
        if self.peak_factor < 1 or self.peak_factor > MAX_PEAK_FACTOR:
            raise InputError("peak_factor", f"must be between 1 and 1000, got {plain(self.peak_factor)}")
        for name in ("cpu_share", "utilization"):
            if getattr(self, name) > 1:
                raise InputError(
                    name, f"must be a fraction between 0 and 1, got {plain(getattr(self, name))}"
                )
        if self.utilization < MIN_UTILIZATION:
            raise InputError("utilization", f"must be at least 0.01 (1%), got {plain(self.utilization)}")
        if isinstance(self.min_instances, bool) or not isinstance(self.min_instances, int):
            raise InputError("min_instances", f"expected a whole number, got {self.min_instances!r}")
        if not 1 <= self.min_instances <= MAX_INSTANCES:
            raise InputError(
                "min_instances", f"must be between 1 and {MAX_INSTANCES:,}, got {self.min_instances}"
            )
        if not isinstance(self.region, str) or not self.region:
            raise InputError("region", "expected a region name such as us-east-1")

    @property
    def monthly_requests(self) -> Decimal:
        """Requests per month: as given, or from the daily or per-second rate (730-hour month)."""
        if self.requests_per_month is not None:
            return self.requests_per_month
        if self.rpd is not None:
            return EXACT.divide(EXACT.multiply(self.rpd, HOURS_PER_MONTH), HOURS_PER_DAY)
        assert self.rps is not None
        return EXACT.multiply(self.rps, SECONDS_PER_MONTH)

    def to_dict(self) -> dict[str, Any]:
        """Every input, after defaults, with numbers as exact decimal strings."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = plain(value)
            elif isinstance(value, (Arch, ApiGatewayKind)):
                value = value.value
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        out["monthly_requests"] = plain(self.monthly_requests)
        return out


def workload_fields() -> Iterator[tuple[str, Any, FieldSpec]]:
    """Each workload field's name, default and ``FieldSpec``, in declaration order."""
    for f in fields(Workload):
        yield f.name, f.default, f.metadata[SPEC]


def _enum(kind: type[Arch] | type[ApiGatewayKind], field: str, value: Any) -> Any:
    try:
        return kind(value)
    except ValueError:
        options = ", ".join(member.value for member in kind)
        raise InputError(field, f"expected one of {options}, got {value!r}") from None
