"""CPU parity between Lambda and servers: the same work, whichever side the duration was measured on.

AWS allocates Lambda CPU in proportion to memory: at 1,769 MB (the table's
``lambda.memory_mb_per_vcpu``) a function has the equivalent of one vCPU, so a
128 MB function gets about 7.2% of one. With ``c`` the share of a request spent
on CPU, ``T`` the vCPUs (threads) one request can keep busy and
``v = memory / 1769`` Lambda's vCPUs, one request's CPU work in vCPU-seconds is

- measured on Lambda (CloudWatch at ``--memory``): ``W = ms/1000 x c x min(v, T)``;
- measured on a server (APM, whole vCPUs): ``W = ms/1000 x c x T``.

Measured on a server, the same request takes longer on a small function:
Lambda's duration is ``ms x (1 - c) + ms x c x T / min(v, T)`` before its
billing rounding. Servers are sized from ``W``.
"""

from __future__ import annotations

from decimal import Decimal

from costcalc.catalog.model import PricingTable
from costcalc.model.workload import DurationOn, Workload
from costcalc.units import MS_PER_SECOND


def lambda_vcpus(workload: Workload, table: PricingTable) -> Decimal | None:
    """Lambda's vCPUs at the workload's memory (``v``); None where the table has no vCPU-per-MB figure."""
    per_vcpu = table.lambda_.memory_mb_per_vcpu
    return workload.memory / per_vcpu.amount if per_vcpu is not None else None


def usable_threads(workload: Workload, table: PricingTable) -> Decimal:
    """``min(v, T)``: the vCPUs one request gets on Lambda (``T`` when the table cannot say)."""
    threads = Decimal(workload.threads)
    vcpus = lambda_vcpus(workload, table)
    return threads if vcpus is None else min(vcpus, threads)


def lambda_ms(workload: Workload, table: PricingTable) -> Decimal:
    """One request's duration on Lambda, before rounding up to the billing increment."""
    if workload.duration_on is DurationOn.LAMBDA:
        return workload.ms
    cpu = workload.ms * workload.cpu_share
    return workload.ms - cpu + cpu * workload.threads / usable_threads(workload, table)


def cpu_seconds(workload: Workload, table: PricingTable) -> Decimal:
    """``W``: one request's CPU work in vCPU-seconds, what a server must supply for it."""
    seconds = workload.ms / MS_PER_SECOND * workload.cpu_share
    if workload.duration_on is DurationOn.SERVER:
        return seconds * workload.threads
    return seconds * usable_threads(workload, table)
