"""Throughput of ``compare_many`` on 100,000 workloads, against a plain float loop doing the same arithmetic.

Usage: python scripts/bench_compare_many.py [--count 100000] [--repeat 5] [--shaped 2000]

Both sides price the same workloads the same way: requests and free tier,
duration rounded up to the billing increment, tiered GB-s, the CPU work a
request needs (Lambda's vCPU share at its memory), and the cheapest server type
with its root volume and public IPv4 address, found cheapest-first with the
same early stop. The float loop is
the speed a careless implementation would get; the target is within 5x of it
while every amount stays an exact Decimal. Prints the best of --repeat runs.

``--shaped N`` also times N of the same workloads under a business-hours day
with scheduled scaling (each hour sized apart, every candidate type priced hour
by hour): their throughput is reported on its own, with no float baseline.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import time
from decimal import Decimal

from costcalc import Arch, Workload, load_pricing
from costcalc.model.compare_many import compare_many
from costcalc.model.server_cost import candidate_types, fitting
from costcalc.model.traffic import TrafficShape

SECONDS_PER_MONTH = 730 * 3600


def workloads(count: int) -> list[Workload]:
    rng = random.Random(7)
    return [
        Workload(
            rpd=rng.choice([10, 1000, 16000, 250_000, 1_000_000, 30_000_000]),
            ms=rng.choice([5, 50, 120, 200, 1000, 5000]),
            memory=rng.choice([128, 256, 512, 1024, 1769, 3008]),
            arch=rng.choice(["x86_64", "arm64"]),
            free_tier=rng.random() < 0.2,
            cpu_share=rng.choice(["0.1", "0.5", "1"]),
        )
        for _ in range(count)
    ]


def float_loop(
    rows: list[tuple[float, ...]],
    rates: dict[str, tuple[float, ...]],
    candidates: dict[tuple[str, float], list[tuple[float, str, float, float, float, float]]],
    per_vcpu_mb: float,
    extras: float,
) -> list[tuple[float, float, str, bool]]:
    out = []
    for rpd, ms, memory, arch, free, peak, cpu, utilization, minimum in rows:
        requests = rpd * 730 / 24
        request_price, t1, p1, t2, p2, p3, free_requests, free_gbs, increment = rates[arch]
        seconds = math.ceil(ms / increment) * increment / 1000
        gbs = requests * seconds * memory / 1024
        if free:
            billable_requests, billable_gbs = max(requests - free_requests, 0.0), max(gbs - free_gbs, 0.0)
        else:
            billable_requests, billable_gbs = requests, gbs
        if billable_gbs <= t1:
            compute = billable_gbs * p1
        elif billable_gbs <= t2:
            compute = t1 * p1 + (billable_gbs - t1) * p2
        else:
            compute = t1 * p1 + (t2 - t1) * p2 + (billable_gbs - t2) * p3
        lam = billable_requests * request_price + compute
        work = ms / 1000 * cpu * min(memory / per_vcpu_mb, 1.0)  # one thread
        load = requests / SECONDS_PER_MONTH * peak * work / utilization
        extra = extras / 730
        best = None
        best_total = 0.0
        for hourly, name, usable, _, floor, most in candidates[(arch, memory)]:
            per_instance = hourly + extra
            bound = load * floor + extra * max(minimum, load / most)
            if best is not None and (per_instance * minimum > best_total or bound > best_total):
                break
            count = math.ceil(load / usable)
            if count < minimum:
                count = minimum
            total = per_instance * count
            if best is None or total < best_total or (total == best_total and name < best[0]):
                best, best_total = (name, count), total
        assert best is not None
        server = best_total * 730
        out.append((lam, server, best[0], lam <= server))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shaped", type=int, default=2000, help="Shaped workloads timed apart (0: none).")
    args = parser.parse_args()
    table = load_pricing("aws")
    batch = workloads(args.count)
    rates, candidates = {}, {}
    for arch in ("x86_64", "arm64"):
        lam = table.lambda_.regions["us-east-1"].archs[
            next(a for a in table.lambda_.regions["us-east-1"].archs if a.value == arch)
        ]
        (t1, p1), (t2, p2), (_, p3) = [(float(t.up_to or 0), float(t.price.amount)) for t in lam.duration]
        free = table.lambda_.free_tier
        rates[arch] = (
            float(lam.request.amount),
            t1,
            p1,
            t2,
            p2,
            p3,
            float(free.requests),
            float(free.gb_seconds),
            float(table.lambda_.billing_increment_ms),
        )
        # The same candidates compare_many searches: sizable, cheapest first, pruned, fitting the memory.
        types = candidate_types(table, Workload(rpd=1, ms=1, arch=Arch(arch)))
        for memory in {float(w.memory) for w in batch}:
            candidates[(arch, memory)] = [
                (float(h), name, float(u), float(m), float(f), float(most))
                for h, name, u, m, f, most in fitting(types, Decimal(str(memory)))
            ]
    rows = [
        (
            float(w.rpd),  # type: ignore[arg-type]
            float(w.ms),
            float(w.memory),
            w.arch.value,
            w.free_tier,
            float(w.peak_factor),
            float(w.cpu_share),
            float(w.utilization),
            w.min_instances,
        )
        for w in batch
    ]
    assert table.lambda_.memory_mb_per_vcpu is not None and table.public_ipv4 is not None
    per_vcpu_mb = float(table.lambda_.memory_mb_per_vcpu.amount)
    extras = float(8 * table.root_volume["us-east-1"].per_gb_month.amount + 730 * table.public_ipv4.amount)
    exact_times, float_times = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = compare_many(batch, table)
        exact_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        floats = float_loop(rows, rates, candidates, per_vcpu_mb, extras)
        float_times.append(time.perf_counter() - start)
    agree = sum(1 for r, f in zip(result.rows, floats, strict=True) if r.server == f"ec2:{f[2]}")
    best_exact, best_float = min(exact_times), min(float_times)
    print(f"workloads        {args.count:,}")
    print(f"compare_many     {best_exact:.3f} s ({args.count / best_exact:,.0f} workloads/s, exact Decimal)")
    print(f"float loop       {best_float:.3f} s ({args.count / best_float:,.0f} workloads/s)")
    print(f"ratio            {best_exact / best_float:.2f}x (target <= 5x)")
    print(f"same server pick {agree:,} of {args.count:,}")
    if args.shaped:
        shape = TrafficShape.from_weights([1] * 8 + [3] * 12 + [1] * 4, "business hours")
        shaped = [dataclasses.replace(w, shape=shape, scaling="scheduled") for w in batch[: args.shaped]]
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            compare_many(shaped, table)
            times.append(time.perf_counter() - start)
        best = min(times)
        print(
            f"shaped           {len(shaped):,} scheduled workloads in {best:.3f} s "
            f"({len(shaped) / best:,.0f} workloads/s)"
        )


if __name__ == "__main__":
    main()
