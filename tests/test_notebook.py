import random
import sys
from decimal import Decimal

import pytest
from rich.console import Console

from costcalc import CostcalcError, InputError, PricingTable, Workload, compare
from costcalc.model.breakeven_report import breakeven
from costcalc.model.compare_many import compare_many
from costcalc.model.sweeps import sweep
from costcalc.money import settle
from tests.conftest import REPO


def sample_workloads(count: int, seed: int) -> list[Workload]:
    rng = random.Random(seed)
    return [
        Workload(
            rpd=rng.choice([1, 1000, 16000, 1_000_000, 50_000_000]),
            ms=rng.choice(["0.5", "50", "200.5", "1000", "30000"]),
            memory=rng.choice([128, 300, 1024, 4096]),
            arch=rng.choice(["x86_64", "arm64"]),
            free_tier=rng.random() < 0.3,
            storage=rng.choice([512, 512, 2048]),
            api_gateway=rng.choice([None, None, "http", "rest"]),
            load_balancer=rng.random() < 0.2,
            peak_factor=rng.choice([1, 3]),
            cpu_share=rng.choice(["0.1", "1"]),
            min_instances=rng.choice([1, 1, 2]),
            instances=rng.choice([(), (), ("m5.large", "c7g.large")]),
        )
        for _ in range(count)
    ]


def test_compare_many_agrees_with_compare(current: PricingTable) -> None:
    workloads = sample_workloads(150, seed=3)
    result = compare_many(workloads, current)
    assert len(result) == 150
    for workload, row in zip(workloads, result.rows, strict=True):
        one = compare(workload, current)
        cheapest_server = min(one.server_options, key=lambda o: (o.monthly, o.name))
        assert settle(row.lambda_monthly) == settle(one.lambda_option.monthly)
        assert (row.server, row.count) == (cheapest_server.name, cheapest_server.count)
        assert settle(row.server_monthly) == settle(cheapest_server.monthly)


def test_compare_many_rejects_bad_workloads_like_compare(current: PricingTable) -> None:
    good = Workload(rpd=10, ms=10)
    with pytest.raises(InputError, match="100 MB is not allowed"):
        compare_many([good, Workload(rpd=10, ms=10, memory=100)], current)
    with pytest.raises(InputError, match="longer than Lambda's limit"):
        compare_many([good, Workload(rpd=10, ms=1_000_000)], current)


def test_result_objects_render_as_html_tables(current: PricingTable) -> None:
    workload = Workload(rpd=16000, ms=200, instances=("t3.small",))
    for result in (
        compare(workload, current),
        sweep(workload, current, rpd_range=(Decimal(1000), Decimal(100000)), points=3),
        breakeven(Workload(rps=5, ms=120, memory=512, cpu_share="0.3", instances=("t4g.small",)), current),
        compare_many([workload, workload], current),
    ):
        html = result._repr_html_()
        assert html.startswith("<table><caption>") and html.endswith("</table>")
        assert "<tbody><tr><td " in html


def test_result_objects_render_as_rich_tables_in_a_repl(current: PricingTable) -> None:
    console = Console(width=100, record=True)
    console.print(compare(Workload(rpd=16000, ms=200), current))
    assert "Option / item" in console.export_text()


def test_to_dataframe_gives_floats_or_on_request_exact_money(current: PricingTable) -> None:
    result = compare(Workload(rpd=16000, ms=200), current)
    frame = result.to_dataframe()
    assert list(frame["item"])[:2] == ["requests", "compute"]
    assert isinstance(frame["monthly"][0], float)
    assert isinstance(result.to_dataframe(exact=True)["monthly"][0], Decimal)
    rows = compare_many(sample_workloads(5, seed=1), current).to_dataframe()
    assert len(rows) == 5 and set(rows.columns) >= {"lambda_monthly", "server", "cheapest"}


def test_to_dataframe_without_pandas_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, current: PricingTable
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(CostcalcError, match=r"to_dataframe needs pandas: pip install 'costcalc\[notebook\]'"):
        compare(Workload(rpd=16000, ms=200), current).to_dataframe()


def test_the_notebook_example_in_the_docs_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    text = (REPO / "docs" / "notebook.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(block, namespace)  # the docs' own cells, in order, as a notebook would run them
    assert namespace["cheapest_share"] is not None
