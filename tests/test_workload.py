from decimal import Decimal

import pytest

from costcalc import Arch, InputError, Workload
from costcalc.money import EXACT


def test_requests_per_day_become_a_730_hour_month() -> None:
    workload = Workload(rpd=24, ms=100)
    assert workload.monthly_requests == Decimal(730)


def test_requests_per_second_become_a_730_hour_month() -> None:
    assert Workload(rps=1, ms=100).monthly_requests == Decimal(730 * 3600)


def test_requests_per_month_are_used_exactly_as_given() -> None:
    assert Workload(requests_per_month=3_000_001, ms=100).monthly_requests == Decimal(3_000_001)


def test_floats_are_read_through_their_text() -> None:
    workload = Workload(rpd=1000, ms=200.1, utilization=0.7)
    assert workload.ms == Decimal("200.1")
    assert workload.utilization == Decimal("0.7")


def test_defaults_are_the_documented_ones() -> None:
    w = Workload(rpd=1, ms=1)
    assert (w.memory, w.arch, w.region, w.free_tier, w.storage) == (128, Arch.X86_64, "us-east-1", False, 512)
    assert (w.peak_factor, w.cpu_share, w.utilization, w.min_instances) == (1, 1, Decimal("0.7"), 1)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"rpd": -5, "ms": 200}, "rpd", "must be greater than 0, got -5"),
        ({"rpd": 0, "ms": 200}, "rpd", "must be greater than 0, got 0"),
        ({"rpd": "nan", "ms": 200}, "rpd", "expected a finite number, got 'nan'"),
        ({"rpd": 100, "ms": "inf"}, "ms", "expected a finite number, got 'inf'"),
        ({"rpd": "1e30", "ms": 200}, "rpd", "is more than 10 million requests a second"),
        (
            {"rpd": 100, "ms": 200, "rps": 3},
            "requests",
            "give exactly one request rate (rpd and rps were both given)",
        ),
        ({"ms": 200}, "requests", "give exactly one request rate (none was given)"),
        ({"rpd": 100, "ms": 200, "utilization": "1.5"}, "utilization", "must be a fraction between 0 and 1"),
        ({"rpd": 100, "ms": 200, "cpu_share": 0}, "cpu_share", "must be greater than 0"),
        (
            {"rpd": 100, "ms": 200, "utilization": "1e-30"},
            "utilization",
            "must be at least 0.01 (1%), got 0.000",
        ),
        ({"rpd": 100, "ms": 200, "peak_factor": "0.5"}, "peak_factor", "must be between 1 and 1000"),
        ({"rpd": 100, "ms": 200, "min_instances": 0}, "min_instances", "must be between 1 and 100,000"),
        ({"rpd": 100, "ms": 200, "arch": "sparc"}, "arch", "expected one of x86_64, arm64, got 'sparc'"),
        ({"rpd": 100, "ms": 200, "api_gateway": "soap"}, "api_gateway", "expected one of http, rest"),
        ({"rpd": "abc", "ms": 200}, "rpd", "expected a number, got 'abc'"),
        ({"rpd": True, "ms": 200}, "rpd", "expected a number, got True"),
    ],
)
def test_bad_values_name_their_field(kwargs: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        Workload(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert message in caught.value.message


def test_to_dict_lists_every_input_as_exact_text() -> None:
    data = Workload(rpd=16000, ms=200, instances=("m5.large",)).to_dict()
    assert data["rpd"] == "16000"
    assert data["rps"] is None
    assert data["instances"] == ["m5.large"]
    assert data["utilization"] == "0.7"
    # 16,000 x 730 / 24 does not end in decimal: JSON writes it to 12 places, once.
    assert data["monthly_requests"] == "486666.666666666667"
    assert Decimal(data["monthly_requests"]) == EXACT.divide(Decimal(16000 * 730), Decimal(24)).quantize(
        Decimal("1e-12")
    )


def test_repr_names_only_what_differs_from_the_defaults_and_reads_back() -> None:
    workload = Workload(rpd=16000, ms=200, memory=1024, arch="arm64", instances=["m7g.large"])
    text = repr(workload)
    assert text == (
        "Workload(ms=Decimal('200'), rpd=Decimal('16000'), memory=Decimal('1024'), "
        "arch=<Arch.ARM64: 'arm64'>, instances=('m7g.large',))"
    )
    plain = Workload(rpd=16000, ms=200, memory=1024, arch=Arch.ARM64, instances=("m7g.large",))
    assert eval(repr(plain).replace("<Arch.ARM64: 'arm64'>", "Arch.ARM64")) == workload
