"""``compare``: Lambda against servers for one workload, with every assumption stated."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from costcalc.catalog.model import Confidence, Limits, Price, PricingTable, fetch_command, missing_price
from costcalc.errors import InputError, did_you_mean
from costcalc.model.breakeven import SERVERS, BreakEven, FleetType, break_even
from costcalc.model.cpu import cpu_seconds, lambda_ms, lambda_vcpus
from costcalc.model.lambda_cost import (
    DEFAULT_CONCURRENCY_QUOTA,
    billed_ms,
    gateway_tiers,
    lambda_cost,
    lambda_prices,
    peak_concurrency,
    storage_price,
)
from costcalc.model.results import CostOption, LineItem, OptionKind
from costcalc.model.server_cost import (
    cheapest_server,
    eligible,
    hourly_counts,
    instance_extras,
    requests_per_instance,
    requests_per_vcpu,
    require_sizable,
    server_cost,
    shared_rates,
    usable_vcpus,
)
from costcalc.model.workload import DurationOn, Workload
from costcalc.money import exact, format_quantity, plain
from costcalc.notebook import NotebookView
from costcalc.numbers import shown
from costcalc.units import HOURS_PER_DAY, HOURS_PER_MONTH, INCLUDED_STORAGE_MB

if TYPE_CHECKING:  # budgets load only when a budget is given
    from costcalc.model.budgets import Budget, BudgetResult

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Comparison(NotebookView):
    """The cost of one workload on Lambda and on servers, under one price table."""

    workload: Workload
    pricing_name: str
    pricing_as_of: datetime.date
    currency: str
    options: tuple[CostOption, ...]
    """Lambda first, then each server option."""
    assumptions: tuple[str, ...]
    price_notes: tuple[str, ...]
    """Uncertain (derived or recalled) prices that went into the figures."""
    billing_increment_ms: Decimal = Decimal(1)
    """Lambda's billing increment under the table used."""
    break_even: tuple[BreakEven, ...] = ()
    """Where Lambda and the servers cost the same: the cheapest fleet at each load, or each --instance."""
    lambda_ms: Decimal = Decimal(0)
    """One request's duration on Lambda, before billing rounding (``--ms``, or converted from a server's)."""
    lambda_vcpus: Decimal | None = None
    """Lambda's vCPUs at the workload's memory; None where the table cannot say."""
    work: Decimal = Decimal(0)
    """One request's CPU work in vCPU-seconds: what sizes the servers."""
    peak_concurrency: Decimal = Decimal(0)
    """Lambda's concurrent executions at peak: peak requests a second x billed seconds."""
    budget: BudgetResult | None = None
    """Where one option stands against a budget, when one was given."""

    __repr__ = NotebookView.__repr__  # one line, not the dataclass's dump of every field

    @property
    def lambda_option(self) -> CostOption:
        """The Lambda option."""
        return self.options[0]

    @property
    def lambda_options(self) -> tuple[CostOption, ...]:
        """Lambda on demand, then under each Compute Savings Plan asked for."""
        return tuple(option for option in self.options if option.kind is OptionKind.LAMBDA)

    @property
    def alternatives(self) -> tuple[CostOption, ...]:
        """Every option that is not plain Lambda: servers, Fargate, Managed Instances."""
        return tuple(option for option in self.options if option.kind is not OptionKind.LAMBDA)

    @property
    def server_options(self) -> tuple[CostOption, ...]:
        """The server options, on demand first, then under each purchase option."""
        return tuple(option for option in self.options if option.kind is OptionKind.SERVER)

    @property
    def cheapest(self) -> CostOption:
        """The option with the lowest monthly cost (Lambda wins a tie)."""
        return min(self.options, key=lambda option: option.monthly)

    def against(
        self, budget: Budget, option: str | None = None, warn_at: Decimal | None = None
    ) -> Comparison:
        """This comparison with ``option`` (default: the cheapest) held against ``budget``."""
        from costcalc.model.budgets import evaluate_budget

        chosen = (
            self.cheapest if option is None else next((o for o in self.options if o.name == option), None)
        )
        if chosen is None:
            known = ", ".join(o.name for o in self.options)
            raise InputError("deploy", f"{option!r} is not one of the options compared ({known})")
        return dataclasses.replace(self, budget=evaluate_budget(chosen, budget, warn_at))


@exact
def compare(workload: Workload, table: PricingTable) -> Comparison:
    """Cost ``workload`` on Lambda and on servers under ``table``."""
    workload = resolve_front_door(workload, table)
    validate_workload(workload, table)
    if not workload.purchases and workload.kinds == DEFAULT_KINDS:
        return build_comparison(workload, table, lambda_cost(workload, table), server_costs(workload, table))
    from costcalc.model.purchases import purchased_options

    pricer = server_costs if "ec2" in workload.kinds else _no_servers
    options, views = purchased_options(workload, table, pricer)
    return build_comparison(workload, table, lambda_cost(workload, table), options, views)


DEFAULT_KINDS = ("lambda", "ec2")


def _no_servers(workload: Workload, table: PricingTable) -> list[CostOption]:
    return []


def resolve_front_door(workload: Workload, table: PricingTable) -> Workload:
    """The workload with its servers' front door decided.

    Left to the default, servers get an ALB when Lambda has an API Gateway (the
    same job: routing HTTP to the compute), unless the table has no ALB price
    for the region (the 2015 table predates the ALB); the assumptions say which.
    """
    if workload.load_balancer is not None or workload.api_gateway is None:
        return workload  # behind_load_balancer already says it
    return dataclasses.replace(workload, load_balancer=workload.region in table.load_balancer)


@exact
def compare_with_budget(
    workload: Workload, table: PricingTable, budget: Budget | None = None, deploy: str | None = None
) -> Comparison:
    """``compare``, with the option run on (``deploy``: ``lambda`` or ``ec2:TYPE``) held against ``budget``.

    An ``ec2:TYPE`` deploy target is priced even when ``workload`` does not name it.
    """
    if budget is None:
        if deploy is not None:
            raise InputError("deploy", "goes with --max-monthly or --max-daily")
        return compare(workload, table)
    if deploy is not None:
        from costcalc.model.deploy import Deploy

        try:
            target = Deploy.parse(deploy)
        except ValueError as exc:
            raise InputError("deploy", str(exc)) from None
        if target.instance_type and target.instance_type not in workload.instances:
            workload = dataclasses.replace(workload, instances=(*workload.instances, target.instance_type))
        workload = target.asked_of(workload)
        deploy = target.name
    return compare(workload, table).against(budget, deploy)


def build_comparison(
    workload: Workload,
    table: PricingTable,
    lambda_option: CostOption,
    servers: list[CostOption],
    views: list[PricingTable] | None = None,
) -> Comparison:
    """A ``Comparison`` of options already priced, with its break-even, assumptions and price notes.

    ``views`` are the table under each purchase option (on demand alone by default); each gets its own
    break-even, against Lambda as that view prices it (under a Compute Savings Plan, Lambda's too).
    """
    work = cpu_seconds(workload, table)
    analyses: list[BreakEven] = []
    middle: list[CostOption] = []
    middle_analyses: list[BreakEven] = []
    if workload.kinds != DEFAULT_KINDS:
        from costcalc.model.middle_ground import middle_options

        middle, middle_analyses = middle_options(workload, table, views or [table])
        if workload.break_even_unsolved:
            middle_analyses = []
    options = (lambda_option, *servers, *middle)
    # The solver's staircase is a fixed fleet's; a schedule's cost has no closed form it can cross.
    unsolved = workload.scheduled or (
        workload.shape is not None and workload.provisioned_concurrency is not None
    )
    solved = [] if unsolved or "ec2" not in workload.kinds else views or [table]
    for view in solved:
        shared = shared_rates(workload, view)
        suffix = f"@{view.purchase.spec}" if view.purchase is not None else ""
        if workload.instances:
            analyses += [
                break_even(
                    workload,
                    view,
                    server.name,
                    fleet_types(workload, view, work, server.instance_type),
                    shared,
                )
                for server in servers
                if server.kind is OptionKind.SERVER and server.purchase == view.purchase
            ]
        else:
            analyses.append(
                break_even(workload, view, SERVERS + suffix, fleet_types(workload, view, work), shared)
            )
    return Comparison(
        workload=workload,
        pricing_name=table.name,
        pricing_as_of=table.as_of,
        currency=table.currency,
        options=options,
        assumptions=_assumptions(workload, table, work) + _traffic_lines(workload, table, servers, work),
        price_notes=price_notes(options, table),
        billing_increment_ms=table.lambda_.billing_increment_ms,
        break_even=(*analyses, *middle_analyses),
        lambda_ms=lambda_ms(workload, table),
        lambda_vcpus=lambda_vcpus(workload, table),
        work=work,
        peak_concurrency=peak_concurrency(workload, table),
    )


def fleet_types(
    workload: Workload, table: PricingTable, work: Decimal, only: str | None = None
) -> list[FleetType]:
    """The server types a break-even chooses from: ``only`` that one, or every eligible type that fits."""
    extras = instance_extras(workload, table)
    if only is not None:
        offer = table.ec2.offer(workload.region, only)
        assert offer is not None  # validated
        return [
            FleetType(
                only,
                HOURS_PER_MONTH * offer.hourly.amount + extras,
                requests_per_instance(workload, offer.instance, work),
            )
        ]
    per_vcpu = requests_per_vcpu(workload, work)
    fleet: list[FleetType] = []
    most: Decimal | int = 0
    for name, usable, spec in table.ec2.capacities(workload.region, workload.arch.value):
        # Cheapest first, a type can only be cheapest somewhere if it carries more than every cheaper one.
        if usable <= most:
            continue
        specs = spec()
        if specs.memory_mb >= workload.fit_memory and eligible(specs, workload):
            most = usable
            fleet.append(FleetType(name, HOURS_PER_MONTH * specs.hourly + extras, usable * per_vcpu))
    return fleet


def validate_workload(workload: Workload, table: PricingTable, also_instances: tuple[str, ...] = ()) -> None:
    """Every check of ``workload`` against ``table``, before anything is priced.

    Raises ``InputError`` naming the field: an unknown region, instance type or
    family, memory or storage outside the table's limits, a price the table lacks.
    """
    pricing = table.lambda_
    lambda_prices(table, workload)
    if workload.ms > pricing.max_duration_ms:
        raise InputError(
            "ms",
            f"{plain(workload.ms)} ms is longer than Lambda's limit of {plain(pricing.max_duration_ms)} ms "
            f"in pricing table {table.name}",
        )
    _check_range("memory", workload.memory, pricing.memory_mb, table.name)
    if pricing.ephemeral_storage_mb is not None:
        _check_range("storage", workload.storage, pricing.ephemeral_storage_mb, table.name)
    elif workload.storage != INCLUDED_STORAGE_MB:
        raise InputError("storage", f"pricing table {table.name} has no configurable ephemeral storage")
    converted = lambda_ms(workload, table)
    if converted > pricing.max_duration_ms:
        raise InputError(
            "ms",
            f"{plain(workload.ms)} ms on a server is {format_quantity(converted)} ms on Lambda at "
            f"{plain(workload.memory)} MB, longer than its limit of {plain(pricing.max_duration_ms)} ms",
        )
    storage_price(table, workload)
    gateway_tiers(table, workload)
    if workload.provisioned_concurrency is not None:
        from costcalc.model.provisioned import provisioned_prices

        provisioned_prices(table, workload)
    for name in (*workload.instances, *also_instances):
        offer = table.ec2.offer(workload.region, name)
        if offer is None:
            raise InputError("instances", _unknown_instance(name, workload.region, table))
        require_sizable(offer.instance)
    if workload.families:
        known = {name.partition(".")[0] for name in table.ec2.instance_types}
        for family in workload.families:
            if family not in known:
                hint = did_you_mean(family, known)
                raise InputError(
                    "families", f"unknown instance family {family!r} in pricing table {table.name}{hint}"
                )
    if workload.behind_load_balancer and workload.region not in table.load_balancer:
        raise InputError("load_balancer", missing_price(table.name, "load balancer prices", workload.region))


def server_costs(workload: Workload, table: PricingTable) -> list[CostOption]:
    """The workload's server options: each ``--instance``, or the cheapest type that carries it."""
    work = cpu_seconds(workload, table)
    servers = []
    for name in workload.instances:
        offer = table.ec2.offer(workload.region, name)
        if offer is None:
            raise InputError("instances", _unknown_instance(name, workload.region, table))
        servers.append(server_cost(workload, offer, table, work))
    if not workload.instances:
        cheapest = cheapest_server(workload, table, work)
        if cheapest is None:
            raise InputError("region", no_candidate(workload, table))
        servers.append(cheapest)
    return servers


def no_candidate(workload: Workload, table: PricingTable) -> str:
    """Why no type could be picked: what the workload needs of one."""
    needs = [f"{workload.arch.value}", f"at least {plain(workload.fit_memory)} MB"]
    if workload.threads > 1:
        needs.append(f"at least {workload.threads} vCPUs")
    if workload.families:
        needs.append(f"in {', '.join(workload.families)}")
    if not workload.previous_generation:
        needs.append("current generation")
    return f"pricing table {table.name} has no EC2 type in {workload.region} that is {', '.join(needs)}"


def _check_range(field: str, value: Decimal, limits: Limits, table: str) -> None:
    if not limits.admits(value):
        raise InputError(
            field,
            f"{plain(value)} MB is not allowed: pricing table {table} takes {plain(limits.minimum)} to "
            f"{plain(limits.maximum)} MB in steps of {plain(limits.step)} MB",
        )


def _unknown_instance(name: str, region: str, table: PricingTable) -> str:
    if name in table.ec2.instance_types:
        found = f"pricing table {table.name} has no price for {name} in {region}"
        if table.ec2.partial(region):
            found += f" (its list there is partial: `{fetch_command(region)}` imports AWS's full one)"
        return found
    names = table.ec2.instance_names(region)
    hint = did_you_mean(name, names)
    if not hint:
        family = name.split(".")[0] + "."
        similar = [n for n in names if n.startswith(family)][:6]
        hint = f" (in {family[:-1]}: {', '.join(similar)})" if similar else ""
    return f"unknown instance type {shown(name)} in pricing table {table.name}{hint}"


def _assumptions(workload: Workload, table: PricingTable, work: Decimal) -> tuple[str, ...]:
    lam = table.lambda_
    on_lambda = lambda_ms(workload, table)
    billed = billed_ms(on_lambda, lam.billing_increment_ms)
    monthly = format_quantity(workload.monthly_requests)
    requests = (
        f"{format_quantity(workload.rpd)} a day = {monthly} a month"
        if workload.rpd is not None
        else f"{format_quantity(workload.rps)} a second = {monthly} a month"
        if workload.rps is not None
        else f"{monthly} a month, as given"
    )
    free = lam.free_tier
    vcpus = lambda_vcpus(workload, table)
    share = f" ({format_quantity(vcpus, 3)} vCPU)" if vcpus is not None else ""
    lines = [
        f"Month = {plain(HOURS_PER_MONTH)} hours, day = {plain(HOURS_PER_DAY)} hours; "
        f"daily = monthly x {plain(HOURS_PER_DAY)} / {plain(HOURS_PER_MONTH)}. Figures are exact; each is "
        "shown rounded half-up to the cent, and each total shown is the sum of its rows as shown.",
        f"Requests: {requests}.",
        f"Lambda: {workload.arch.value}, {plain(workload.memory)} MB memory{share}, "
        f"{format_quantity(on_lambda)} ms billed as "
        f"{plain(billed)} ms ({plain(lam.billing_increment_ms)} ms increments), "
        f"{plain(workload.storage)} MB ephemeral storage.",
        _parity_line(workload, table, work),
        (
            f"Free tier: {'on' if workload.free_tier else 'off'} ("
            f"{format_quantity(free.requests)} requests and {format_quantity(free.gb_seconds)} GB-s a month, "
            "one pool per account)."
        ),
        _front_door_line(workload, table),
        f"Servers: on-demand Linux; peak factor {plain(workload.peak_factor)}, CPU share "
        f"{plain(workload.cpu_share)}, target utilization {plain(workload.utilization)}, "
        f"min instances {workload.min_instances}; burstable types count their baseline CPU share; "
        + _per_instance_line(workload, table),
    ]
    if not workload.instances:
        lines.append(_candidates_line(workload, table))
        if table.ec2.partial(workload.region):
            lines.append(coverage_line(table, workload.region))
    lines += [_logs_line(workload), _transfer_line(workload, table)]
    concurrency = peak_concurrency(workload, table)
    lines.append(
        f"Lambda's peak concurrency: {format_quantity(concurrency)} "
        f"(the account's default quota is {DEFAULT_CONCURRENCY_QUOTA:,} per region)."
    )
    if workload.provisioned_concurrency is not None:
        from costcalc.model.provisioned import provisioned_line

        lines.append(provisioned_line(workload, table))
    if workload.kinds != DEFAULT_KINDS:
        from costcalc.model.middle_ground import middle_assumptions

        lines += middle_assumptions(workload, table)
    if workload.purchases:
        lines.append(buying_line(workload))
        lines.append("Not included: NAT gateways; traffic between AZs.")
    else:
        lines.append(
            "Not included: Spot, Reserved Instances and Savings Plans (--purchase prices them); "
            "NAT gateways; traffic between AZs."
        )
    return tuple(lines)


def _traffic_lines(
    workload: Workload, table: PricingTable, servers: list[CostOption], work: Decimal
) -> tuple[str, ...]:
    """The traffic shape's summary, and the cheapest server's instance-hours fixed and scheduled."""
    shape = workload.shape
    if shape is None:
        return ()
    from costcalc.model.traffic import instance_hours

    lines = [
        f"Traffic: {shape.source}, a {shape.period} of {len(shape.hourly)} hours; peak-to-mean "
        f"{format_quantity(shape.peak_to_mean, 4)}, busiest hour {shape.busiest_hour.label}, quietest "
        f"{shape.quietest_hour.label}; peak factor {plain(workload.peak_factor)} is the peak within an hour."
    ]
    rule = (
        f"scheduled, resized every hour with {plain(workload.scale_headroom)}% headroom"
        if workload.scheduled
        else "fixed, sized for the busiest hour all month"
    )
    lines.append(f"Scaling: {rule}.")
    priced = [o for o in servers if o.kind is OptionKind.SERVER and o.purchase is None]
    if priced:
        chosen = min(priced, key=lambda o: (o.monthly, o.name))
        offer = table.ec2.offer(workload.region, chosen.instance_type or "")
        assert offer is not None and chosen.sizing is not None
        fixed = HOURS_PER_MONTH * chosen.sizing.instances
        counts = hourly_counts(workload, usable_vcpus(offer.instance), work)
        scheduled = instance_hours(counts, shape.period)
        lines.append(
            f"Instance-hours a month of {offer.instance.name}: {format_quantity(fixed)} fixed, "
            f"{format_quantity(scheduled)} scheduled ({min(counts):,} to {max(counts):,} instances)."
        )
    if workload.scheduled:
        lines.append("Break-even is solved for fixed fleets only; none is shown for a scheduled fleet.")
    return tuple(lines)


def buying_line(workload: Workload) -> str:
    """How each purchase option is priced, and what a commitment binds the buyer to."""
    kinds = {spec.partition(":")[0] for spec in workload.purchases}
    said = ["Buying: each option is priced on demand and as asked"]
    if "spot" in kinds:
        limit = workload.max_interruption
        said.append(
            "Spot = on-demand x (1 - the Spot advisor's 30-day average saving), not a live price, and AWS "
            "may reclaim the capacity (each option shows its interruption band"
            + (
                f"; the auto-pick takes only types up to {plain(limit)}% a month)"
                if limit is not None
                else ")"
            )
        )
    if kinds & {"reserved", "savings-plan"}:
        said.append(
            "Reserved Instances and Savings Plans are paid for every hour of the term whatever the load, "
            "so a commitment sized for today's fleet is paid even if the load falls (a scheduled fleet "
            "commits its base, the fewest instances in any hour, and runs the rest on demand); upfront "
            "fees are spread over the term (upfront / (term months x 730 hours)). A Compute Savings Plan "
            "also covers Lambda's duration, not its requests; EC2 Instance Savings Plans and Reserved "
            "Instances never apply to Lambda"
        )
    return "; ".join(said) + "."


def _parity_line(workload: Workload, table: PricingTable, work: Decimal) -> str:
    """The CPU parity rule, in one line, with this workload's figures."""
    threads = f"{workload.threads} thread{'s' if workload.threads > 1 else ''}"
    per_vcpu = table.lambda_.memory_mb_per_vcpu
    if per_vcpu is None:
        return (
            f"CPU parity: the table has no memory per Lambda vCPU, so a request gets its {threads} on Lambda "
            f"too; servers supply {format_quantity(work, 4)} vCPU-s a request."
        )
    rule = f"Lambda gets one vCPU per {format_quantity(per_vcpu.amount)} MB"
    if workload.duration_on is DurationOn.LAMBDA:
        return (
            f"CPU parity: {rule}; --ms was measured on Lambda, so a request is {plain(workload.ms)} ms x "
            f"{plain(workload.cpu_share)} CPU x min(Lambda's vCPUs, {threads}) = {format_quantity(work, 4)} "
            "vCPU-s of work for the servers."
        )
    return (
        f"CPU parity: {rule}; --ms was measured on a server, so a request is {plain(workload.ms)} ms x "
        f"{plain(workload.cpu_share)} CPU x {threads} = {format_quantity(work, 4)} vCPU-s of work, and its "
        f"CPU part runs at min(Lambda's vCPUs, {threads}) on Lambda."
    )


def _front_door_line(workload: Workload, table: PricingTable) -> str:
    lam = (
        f"API Gateway ({workload.api_gateway.value} API)"
        if workload.api_gateway
        else "none (invoked directly)"
    )
    if workload.behind_load_balancer:
        servers = "an Application Load Balancer (LCUs from new connections, one a request)"
    elif (
        workload.api_gateway is not None
        and workload.load_balancer is False
        and workload.region not in table.load_balancer
    ):
        servers = f"none: table {table.name} has no load balancer in {workload.region}"
    else:
        servers = "none (each instance has its own address)"
    gateway_free = "; API Gateway's 12-month free tier is not applied" if workload.api_gateway else ""
    return f"Front door: Lambda {lam}; servers {servers}{gateway_free}."


def _per_instance_line(workload: Workload, table: PricingTable) -> str:
    volume = table.root_volume.get(workload.region)
    if workload.ebs_gb == 0:
        disk = "no root volume"
    else:
        kind = volume.volume if volume else "unpriced"
        size = plain(workload.ebs_gb)
        disk = f"{'an' if size.startswith(('8', '11', '18')) else 'a'} {size} GB {kind} root volume"
    if not workload.public_ipv4:
        address = "no public IPv4 address (IPv6-only or private)"
    elif workload.behind_load_balancer:
        address = "no public IPv4 address (the load balancer's two are counted)"
    else:
        address = "a public IPv4 address"
    return f"each instance has {disk} and {address}."


def _candidates_line(workload: Workload, table: PricingTable) -> str:
    generation = "any generation" if workload.previous_generation else "current-generation"
    families = f" in {', '.join(workload.families)}" if workload.families else ""
    threads = f" and {workload.threads} vCPUs" if workload.threads > 1 else ""
    line = (
        f"Server type: at each load the cheapest fleet of {generation} {workload.arch.value} types{families} "
        f"with at least {plain(workload.fit_memory)} MB{threads}"
    )
    region = workload.region
    if table.ec2.partial(region):
        return f"{line} among the types this table prices in {region}, a partial list."
    return f"{line} in {region}."


def coverage_line(table: PricingTable, region: str) -> str:
    """What a partial EC2 list holds in ``region``, and how to get the full one."""
    coverage = table.ec2.coverage(region, table.as_of.isoformat())
    shares = " and ".join(
        f"{share.types:,} from {share.source} as of {share.as_of}" for share in coverage.sources
    )
    return (
        f"{region}: {coverage.types:,} types priced, {shares}; most newer types are missing: "
        f"`{fetch_command(region)}` for the full list."
    )


def _logs_line(workload: Workload) -> str:
    if workload.log_kb == 0:
        return "Logs: none counted (--log-kb 0)."
    return (
        f"Logs: {plain(workload.log_kb)} KB a request to CloudWatch Logs; Lambda's at the tiered vended-log "
        "rate, the servers' at Standard ingestion."
    )


def _transfer_line(workload: Workload, table: PricingTable) -> str:
    if workload.egress_kb == 0:
        return "Data transfer out: none counted (--egress-kb 0)."
    free = table.transfer.free_gb if table.transfer else Decimal(0)
    allowance = (
        f"the account's free {format_quantity(free)} GB a month applied"
        if workload.free_tier
        else f"the account's free {format_quantity(free)} GB a month not applied (it goes with --free-tier)"
    )
    return f"Data transfer out: {plain(workload.egress_kb)} KB a request on both sides, tiered; {allowance}."


def price_notes(options: tuple[CostOption, ...], table: PricingTable | None = None) -> tuple[str, ...]:
    """One line per derived, recalled, unpriced or dated figure the options used (the vCPU per MB too)."""
    notes: dict[str, str] = {}
    per_vcpu = table.lambda_.memory_mb_per_vcpu if table is not None else None
    if per_vcpu is not None and per_vcpu.confidence.uncertain:
        detail = f": {per_vcpu.note}" if per_vcpu.note else ""
        notes[per_vcpu.key] = f"CPU parity uses a {per_vcpu.confidence.value} figure ({per_vcpu.key}){detail}"
    for option in options:
        for item in option.items:
            for price in _item_prices(item):
                if price.key in notes:
                    continue
                if price.as_of is not None and not price.confidence.uncertain:
                    notes[price.key] = (
                        f"{option.name} uses a {price.confidence.value} price dated {price.as_of} "
                        f"({price.key}): {price.note}"
                    )
                elif price.confidence.uncertain:
                    detail = f": {price.note}" if price.note else ""
                    if price.confidence is Confidence.UNPRICED:
                        notes[price.key] = f"{option.name} counts no {item.name}{detail}"
                    else:
                        notes[price.key] = (
                            f"{option.name} uses a {price.confidence.value} price ({price.key}){detail}"
                        )
    return tuple(notes.values())


def _item_prices(item: LineItem) -> tuple[Price, ...]:
    return tuple(part.price for part in item.parts if part.quantity > 0 or len(item.parts) == 1)
