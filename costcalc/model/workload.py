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

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

from costcalc.catalog.model import ApiGatewayKind, Arch
from costcalc.errors import InputError
from costcalc.model.numbers_in import NumberLike as NumberLike  # re-exported: callers import it from here
from costcalc.model.numbers_in import to_decimal as to_decimal
from costcalc.money import EXACT, brief, plain
from costcalc.units import HOURS_PER_DAY, HOURS_PER_MONTH, INCLUDED_STORAGE_MB, SECONDS_PER_MONTH

if TYPE_CHECKING:  # traffic imports this module; a shape is built by the CLI or a workload file
    from costcalc.model.traffic import TrafficShape

MAX_REQUESTS_PER_SECOND = Decimal(10_000_000)
"""Beyond this average rate a figure is more likely a typo than a workload."""
MIN_REQUESTS_PER_MONTH = Decimal("0.000001")
"""Below a request in a million months, a rate is a typo (and its load multiples overflow any display)."""
MAX_INSTANCES = 100_000
MAX_THREADS = 1024
"""More vCPUs than any instance type has."""
MAX_PER_REQUEST = Decimal(1_000_000_000)
"""Kilobytes or GB beyond which an input is a typo: a terabyte per request."""
MAX_PEAK_FACTOR = Decimal(1000)
MAX_HEADROOM = Decimal(1000)
"""Percent of spare capacity beyond which a schedule is a typo."""
MAX_CONCURRENCY = 1_000_000
"""More provisioned environments than any account's quota: a typo."""
MIN_UTILIZATION = Decimal("0.01")
"""Below 1% target utilization the server count is a typo, not a plan."""


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
    metavar: str = ""
    """What ``--help`` calls the value, where the kind's own word does not fit (``SPEC``)."""


SPEC = "costcalc"
"""The metadata key of a field's ``FieldSpec``."""


def _spec(default: Any, help: str, kind: str = "number", **more: Any) -> Any:
    return field(default=default, metadata={SPEC: FieldSpec(help, kind, **more)})


class Scaling(str, Enum):
    """How a server fleet follows a traffic shape."""

    FIXED = "fixed"
    """Sized for the busiest hour, all month."""
    SCHEDULED = "scheduled"
    """Resized every hour of the day or week to that hour's demand."""


class DurationOn(str, Enum):
    """Where a request's duration was measured."""

    LAMBDA = "lambda"
    """On Lambda at the configured memory: what CloudWatch shows for a function."""
    SERVER = "server"
    """On a server with whole vCPUs: what an APM shows for an app."""


_ARCHS = tuple(a.value for a in Arch)
_GATEWAYS = tuple(k.value for k in ApiGatewayKind)


def _positive(field: str, value: NumberLike) -> Decimal:
    number = to_decimal(field, value)
    if number <= 0:
        raise InputError(field, f"must be greater than 0, got {brief(number)}")
    return number


RUNTIMES = ("python", "nodejs", "java", "dotnet")
"""Lambda Managed Instances' runtimes, each with its own default concurrency per vCPU."""
OPTION_KINDS = ("lambda", "ec2", "fargate", "lambda-managed")
"""The kinds of option ``--option`` picks among; Lambda is always priced."""

RATES = ("rpd", "rps", "requests_per_month")
"""The request rates; a workload gives exactly one."""


@dataclass(frozen=True, slots=True, repr=False)
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
    server_memory: Decimal | None = _spec(None, "Memory a server needs for the app, MB; default: --memory.")
    """What the app needs on a server, which decides the types that fit; None means ``memory``."""
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
    peak_factor: Decimal = _spec(
        Decimal(1), "Peak over average request rate; with --hourly or --traffic, within the busiest hour."
    )
    """Peak request rate over the average (over the hour's average, under a traffic shape)."""
    scaling: Scaling = _spec(
        Scaling.FIXED,
        "With a traffic shape: size the fleet for the busiest hour all month, or resize it every hour.",
        "choice",
        choices=tuple(s.value for s in Scaling),
    )
    scale_headroom: Decimal = _spec(
        Decimal(0), "Scheduled scaling: spare capacity on top of each hour's demand, in percent."
    )
    """Percent of capacity a schedule adds to each hour's demand, for a busier day than the average."""
    cpu_share: Decimal = _spec(Decimal(1), "Share of each request's duration spent on CPU.")
    """Share of a request's duration spent on CPU."""
    utilization: Decimal = _spec(Decimal("0.7"), "Target CPU utilization per server at peak.")
    """Target CPU utilization of each server at peak."""
    min_instances: int = _spec(1, "The fewest servers to run.", "whole")
    load_balancer: bool | None = _spec(
        None,
        "An Application Load Balancer in front of the servers; default: one when Lambda has an API Gateway.",
        "switch",
    )
    """The servers' front door; None follows --api-gateway, so both sides have one or neither."""
    duration_on: DurationOn = _spec(
        DurationOn.LAMBDA,
        "Where --ms was measured: on Lambda at --memory (CloudWatch), or on a server (APM).",
        "choice",
        choices=tuple(d.value for d in DurationOn),
    )
    threads: int = _spec(1, "vCPUs one request can keep busy.", "whole")
    families: tuple[str, ...] = _spec(
        (),
        "Only these instance families, e.g. m7g,c7g (repeatable or comma-separated).",
        "names",
        flag="--family",
        metavar="FAMILY",
    )
    """Instance families the auto-pick may choose from; empty means every family."""
    previous_generation: bool = _spec(
        False, "Let previous-generation types (m1, c4, ...) be picked.", "switch"
    )
    ebs_gb: Decimal = _spec(Decimal(8), "Root volume of each server, GB (gp3).")
    public_ipv4: bool = _spec(
        True,
        "A public IPv4 address per server, or the load balancer's (off: IPv6-only or private).",
        "switch",
    )
    purchases: tuple[str, ...] = _spec(
        (),
        "Also price the servers bought this way (repeatable): spot, reserved:1y|3y[:CLASS][:PAYMENT], "
        "savings-plan:compute|ec2-instance:1y|3y[:PAYMENT]. On-demand is always shown.",
        "names",
        flag="--purchase",
        key="purchase",
        metavar="SPEC",
    )
    """Purchase options priced beside on-demand, as canonical specs (``reserved:3y:standard:no-upfront``)."""
    max_interruption: Decimal | None = _spec(
        None, "Spot: auto-pick only types whose interruption band tops out at or below this percent."
    )
    """The highest Spot interruption band (percent a month) the auto-pick accepts; None accepts any."""
    options: tuple[str, ...] = _spec(
        (),
        "Where to run it beside Lambda (repeatable): ec2, fargate, lambda-managed, or all; default: ec2.",
        "names",
        flag="--option",
        key="options",
        metavar="KIND",
    )
    """The kinds of option priced beside Lambda, always Lambda first; empty means Lambda and EC2."""
    task_size: str | None = _spec(
        None, "Fargate task size, e.g. 1vcpu-2gb; default: the cheapest valid size that carries it.", "text"
    )
    task_storage_gb: Decimal = _spec(
        Decimal(20), "Fargate ephemeral storage per task, GB; above 20 is billed."
    )
    runtime: str = _spec(
        "python",
        "Lambda Managed Instances: the runtime, which sets the concurrent requests per vCPU.",
        "choice",
        choices=RUNTIMES,
    )
    concurrency_per_vcpu: int | None = _spec(
        None, "Lambda Managed Instances: concurrent requests per vCPU; default: the runtime's.", "whole"
    )
    managed_instance: str | None = _spec(
        None, "Lambda Managed Instances: the EC2 type; default: the cheapest that carries it.", "text"
    )
    managed_min_instances: int | None = _spec(
        None, "Lambda Managed Instances: the fewest instances; default: AWS's 3, for AZ resilience.", "whole"
    )
    log_kb: Decimal = _spec(Decimal(0), "Kilobytes of logs per request, to CloudWatch Logs.")
    egress_kb: Decimal = _spec(Decimal(0), "Kilobytes sent to the internet per request.")
    provisioned_concurrency: int | str | None = _spec(
        None,
        "Lambda provisioned concurrency: environments kept ready, or auto (the average concurrency, "
        "rounded up).",
        "text",
        metavar="N|auto",
    )
    """Provisioned concurrency: None (off), a whole number of environments, or ``auto``."""
    provisioned_hours: Decimal = _spec(
        HOURS_PER_MONTH,
        "Hours a month provisioned concurrency is enabled (at most 730), or hours of the day, e.g. 8-20.",
        "text",
        metavar="H|FROM-TO",
    )
    """Hours a month it is enabled; a range of the day (``8-20``) sets it and ``provisioned_window``."""
    provisioned_window: tuple[int, int] | None = field(default=None, compare=True)
    """The hours of each day provisioned concurrency is on, from and to (``8-20``: 08:00 to 20:00)."""
    provisioned_share: Decimal | None = _spec(
        None,
        "Share of requests the provisioned environments serve, 0 to 1; default: those in enabled hours, "
        "up to their capacity.",
    )
    """None derives the share from the traffic: see ``costcalc.model.provisioned``."""
    shape: TrafficShape | None = field(default=None, compare=True)
    """How the requests spread over a day or a week (``--hourly``, ``--traffic``); None means flat.

    Not a flag itself: the command line and workload files build it from ``hourly`` or ``traffic``
    (reading a file is not the model's job). A series with a volume gives ``rpd`` when no rate is.
    """

    def __post_init__(self) -> None:
        if self.ms is None:
            raise InputError("ms", "the average duration is required")
        set_ = object.__setattr__  # normalising inputs of a frozen dataclass
        given = [name for name in RATES if getattr(self, name) is not None]
        if not given and self.shape is not None and self.shape.requests_per_day is not None:
            # A measured series carries its volume: it stands in for --rpd.
            set_(self, "rpd", self.shape.requests_per_day)
            given = ["rpd"]
        if len(given) != 1:
            what = "none was given" if not given else f"{' and '.join(given)} were both given"
            raise InputError("requests", f"give exactly one request rate ({what})")
        set_(self, given[0], _positive(given[0], getattr(self, given[0])))
        for name in ("ms", "memory", "storage", "peak_factor", "cpu_share", "utilization"):
            set_(self, name, _positive(name, getattr(self, name)))
        if self.server_memory is not None:
            set_(self, "server_memory", _positive("server_memory", self.server_memory))
        for name in ("ebs_gb", "log_kb", "egress_kb"):
            set_(self, name, _at_least_zero(name, getattr(self, name)))
        set_(self, "duration_on", _enum(DurationOn, "duration_on", self.duration_on))
        set_(self, "scaling", _enum(Scaling, "scaling", self.scaling))
        set_(self, "scale_headroom", _at_least_zero("scale_headroom", self.scale_headroom))
        set_(self, "families", _families(self.families))
        set_(self, "purchases", _purchases(self.purchases) if self.purchases else ())
        set_(self, "options", _option_kinds(self.options) if self.options else ())
        set_(self, "task_storage_gb", _at_least_zero("task_storage_gb", self.task_storage_gb))
        set_(self, "runtime", _choice("runtime", self.runtime, RUNTIMES))
        if self.concurrency_per_vcpu is not None:
            _whole("concurrency_per_vcpu", self.concurrency_per_vcpu, 1600)
        if self.managed_min_instances is not None:
            _whole("managed_min_instances", self.managed_min_instances, MAX_INSTANCES)
        if self.managed_instance is not None:
            set_(self, "managed_instance", str(self.managed_instance).strip().lower())
        if self.task_size is not None:
            set_(self, "task_size", str(self.task_size).strip().lower())
        if self.max_interruption is not None:
            set_(self, "max_interruption", _positive("max_interruption", self.max_interruption))
            if self.max_interruption > 100:
                raise InputError(
                    "max_interruption", f"must be a percent up to 100, got {brief(self.max_interruption)}"
                )
        for name in ("free_tier", "previous_generation", "public_ipv4"):
            if not isinstance(getattr(self, name), bool):
                raise InputError(name, f"expected true or false, got {getattr(self, name)!r}")
        if self.load_balancer is not None and not isinstance(self.load_balancer, bool):
            raise InputError("load_balancer", f"expected true or false, got {self.load_balancer!r}")
        set_(self, "arch", _enum(Arch, "arch", self.arch))
        if self.api_gateway is not None:
            set_(self, "api_gateway", _enum(ApiGatewayKind, "api_gateway", self.api_gateway))
        # Each type once, in the order given; names are lower case, so M5.LARGE is m5.large.
        set_(self, "instances", tuple(dict.fromkeys(str(name).strip().lower() for name in self.instances)))
        if isinstance(self.region, str):
            set_(self, "region", self.region.strip().lower())
        if self.monthly_requests < MIN_REQUESTS_PER_MONTH:
            raise InputError(
                given[0], f"{brief(getattr(self, given[0]))} is less than one request in a million months"
            )
        if EXACT.divide(self.monthly_requests, SECONDS_PER_MONTH) > MAX_REQUESTS_PER_SECOND:
            raise InputError(
                given[0], f"{brief(getattr(self, given[0]))} is more than 10 million requests a second"
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
        if self.scale_headroom > MAX_HEADROOM:
            raise InputError(
                "scale_headroom", f"must be a percent up to 1000, got {plain(self.scale_headroom)}"
            )
        if self.scaling is Scaling.SCHEDULED:
            self._check_schedule()
        _whole("min_instances", self.min_instances, MAX_INSTANCES)
        _whole("threads", self.threads, MAX_THREADS)
        if not isinstance(self.region, str) or not self.region:
            raise InputError("region", "expected a region name such as us-east-1")
        self._check_provisioned()

    def _check_provisioned(self) -> None:
        set_ = object.__setattr__  # normalising inputs of a frozen dataclass
        if self.provisioned_concurrency is not None:
            set_(self, "provisioned_concurrency", _concurrency(self.provisioned_concurrency))
        given = self.provisioned_hours
        window = _WINDOW.fullmatch(given.strip()) if isinstance(given, str) else None
        if window is not None:
            start, end = int(window[1]), int(window[2])
            if not 0 <= start < end <= HOURS_PER_DAY:
                raise InputError(
                    "provisioned_hours", f"expected hours of the day such as 8-20, got {given!r}"
                )
            set_(self, "provisioned_window", (start, end))
            given = Decimal(end - start) * HOURS_PER_MONTH / HOURS_PER_DAY
        hours = _positive("provisioned_hours", given)
        if hours > HOURS_PER_MONTH:
            raise InputError(
                "provisioned_hours", f"a month has {plain(HOURS_PER_MONTH)} hours, got {brief(hours)}"
            )
        set_(self, "provisioned_hours", hours)
        if self.provisioned_share is not None:
            share = to_decimal("provisioned_share", self.provisioned_share)
            if not 0 <= share <= 1:
                raise InputError(
                    "provisioned_share", f"must be a fraction between 0 and 1, got {plain(share)}"
                )
            set_(self, "provisioned_share", share)

    def _check_schedule(self) -> None:
        """Refuse a schedule with nothing to follow."""
        if self.shape is None:
            raise InputError("scaling", "scheduled scaling needs a traffic shape (--hourly or --traffic)")

    @property
    def break_even_unsolved(self) -> bool:
        """Whether no exact break-even exists: a scheduled fleet, or provisioned concurrency under a shape
        (its share follows each hour's load, no closed form of the rate)."""
        return self.scheduled or (self.shape is not None and self.provisioned_concurrency is not None)

    @property
    def scheduled(self) -> bool:
        """Whether the fleet is resized hour by hour to a traffic shape."""
        return self.scaling is Scaling.SCHEDULED and self.shape is not None

    @property
    def sizing_peak_factor(self) -> Decimal:
        """The peak rate over the month's average rate that a fixed fleet and Lambda's concurrency face.

        Without a shape, ``peak_factor``. With one, the busiest hour's average over the month's
        (``peak_to_mean``) times ``peak_factor``, the peak within that hour over its average.
        """
        if self.shape is None:
            return self.peak_factor
        return EXACT.multiply(self.shape.peak_to_mean, self.peak_factor)

    @property
    def headroom(self) -> Decimal:
        """``scale_headroom`` as a fraction: 0.2 for 20%."""
        return EXACT.divide(self.scale_headroom, Decimal(100))

    @property
    def kinds(self) -> tuple[str, ...]:
        """The option kinds priced: Lambda, then those asked for (Lambda and EC2 by default)."""
        return self.options or ("lambda", "ec2")

    @property
    def fit_memory(self) -> Decimal:
        """The memory, in MB, a server type must have for the app: ``server_memory``, else ``memory``."""
        return self.server_memory if self.server_memory is not None else self.memory

    @property
    def behind_load_balancer(self) -> bool:
        """Whether the servers get an ALB: as asked, or by default when Lambda has an API Gateway."""
        return self.load_balancer if self.load_balancer is not None else self.api_gateway is not None

    @property
    def monthly_requests(self) -> Decimal:
        """Requests per month: as given, or from the daily or per-second rate (730-hour month)."""
        if self.requests_per_month is not None:
            return self.requests_per_month
        if self.rpd is not None:
            return EXACT.divide(EXACT.multiply(self.rpd, HOURS_PER_MONTH), HOURS_PER_DAY)
        assert self.rps is not None
        return EXACT.multiply(self.rps, SECONDS_PER_MONTH)

    def __repr__(self) -> str:
        # Only the fields that differ from their defaults: all forty would bury the two or three given.
        given = (f"{f.name}={value!r}" for f in fields(self) if (value := getattr(self, f.name)) != f.default)
        return f"Workload({', '.join(given)})"

    def to_dict(self) -> dict[str, Any]:
        """Every input, after defaults, with numbers as exact decimal strings."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "shape" or (self.shape is None and f.name in SHAPE_FIELDS):
                continue  # without a shape, the document is what it was before shapes existed
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = plain(value)
            elif isinstance(value, Enum):
                value = value.value
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        out["load_balancer"] = self.behind_load_balancer
        out["monthly_requests"] = plain(self.monthly_requests)
        if self.shape is not None:
            out["traffic"] = {
                "source": self.shape.source,
                "period": self.shape.period,
                "peak_to_mean": plain(self.shape.peak_to_mean),
                # Each hour's share at the model's full precision (34 digits), as the sizing uses it.
                "profile": [f"{weight.normalize():f}" for weight in self.shape.weights],
            }
        return out


SHAPE_FIELDS = ("scaling", "scale_headroom")
"""Fields that only matter under a traffic shape."""


_WINDOW = re.compile(r"(\d{1,2})-(\d{1,2})")


def workload_fields() -> Iterator[tuple[str, Any, FieldSpec]]:
    """Each given workload field's name, default and ``FieldSpec``, in declaration order.

    ``shape`` is left out: it has no flag or key of its own (``hourly`` and ``traffic`` build it).
    """
    for f in fields(Workload):
        if SPEC in f.metadata:
            yield f.name, f.default, f.metadata[SPEC]


def _at_least_zero(field: str, value: NumberLike) -> Decimal:
    number = to_decimal(field, value)
    if number < 0:
        raise InputError(field, f"must be 0 or more, got {brief(number)}")
    if number > MAX_PER_REQUEST:
        raise InputError(field, f"must be at most {MAX_PER_REQUEST:,}, got {brief(number)}")
    return number


def _whole(field: str, value: object, maximum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, f"expected a whole number, got {value!r}")
    if not 1 <= value <= maximum:
        raise InputError(field, f"must be between 1 and {maximum:,}, got {value}")


AUTO = "auto"
"""``--provisioned-concurrency auto``: N follows the traffic."""


def _concurrency(value: object) -> int | str:
    """A whole number of environments (1 up to the account's quota range), or ``auto``."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text == AUTO:
            return AUTO
        if not re.fullmatch(r"[+-]?\d+", text):
            raise InputError("provisioned_concurrency", f"expected a whole number or auto, got {value!r}")
        value = int(text)
    _whole("provisioned_concurrency", value, MAX_CONCURRENCY)
    assert isinstance(value, int)
    return value


_FAMILY = re.compile(r"[a-z][a-z0-9-]*")


def _families(given: tuple[str, ...] | list[str] | str) -> tuple[str, ...]:
    """Instance families, each given alone or comma-separated: ``("m7g,c7g", "r7g")``."""
    items = [given] if isinstance(given, str) else list(given)
    families: list[str] = []
    for item in items:
        for name in str(item).split(","):
            family = name.strip().lower()
            if not _FAMILY.fullmatch(family):
                raise InputError("families", f"expected an instance family such as m7g, got {name.strip()!r}")
            if family not in families:
                families.append(family)
    return tuple(families)


def _option_kinds(given: tuple[str, ...] | list[str] | str) -> tuple[str, ...]:
    """The option kinds asked for, in their fixed order, Lambda always first; ``all`` is every kind."""
    items = [given] if isinstance(given, str) else list(given)
    asked = {"lambda"}
    for item in items:
        for text in str(item).split(","):
            kind = text.strip().lower()
            if kind == "all":
                asked.update(OPTION_KINDS)
            elif kind in OPTION_KINDS:
                asked.add(kind)
            else:
                from costcalc.errors import did_you_mean

                hint = did_you_mean(kind, (*OPTION_KINDS, "all"))
                raise InputError(
                    "options",
                    f"unknown option kind {text.strip()!r}{hint}; expected {', '.join(OPTION_KINDS)} or all",
                )
    return tuple(kind for kind in OPTION_KINDS if kind in asked)


def _choice(field: str, value: Any, choices: tuple[str, ...]) -> str:
    text = str(value).strip().lower()
    if text not in choices:
        raise InputError(field, f"expected one of {', '.join(choices)}, got {value!r}")
    return text


def _purchases(given: tuple[str, ...] | list[str] | str) -> tuple[str, ...]:
    """Purchase specs in canonical form, each once, on-demand left out (it is always priced)."""
    from costcalc.catalog.purchase import Purchase

    items = [given] if isinstance(given, str) else list(given)
    specs: list[str] = []
    for item in items:
        for text in str(item).split(","):
            try:
                purchase = Purchase.parse(text)
            except ValueError as exc:
                raise InputError("purchases", str(exc)) from None
            if not purchase.on_demand and purchase.spec not in specs:
                specs.append(purchase.spec)
    return tuple(specs)


def _enum(kind: type[Enum], field: str, value: Any) -> Any:
    try:
        return kind(value.lower() if isinstance(value, str) else value)
    except ValueError:
        options = ", ".join(member.value for member in kind)
        raise InputError(field, f"expected one of {options}, got {value!r}") from None
