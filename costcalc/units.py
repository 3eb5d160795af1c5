"""Units and the calendar: each conversion costcalc uses, written once.

AWS prices EC2 per hour over a 730-hour month (the AWS Pricing Calculator's
convention) and Lambda per GB-second with 1 GB = 1,024 MB.
"""

from __future__ import annotations

from decimal import Decimal

from costcalc.money import EXACT, format_rate

HOURS_PER_MONTH = Decimal(730)
"""AWS's monthly convention (EC2 and the AWS Pricing Calculator)."""
HOURS_PER_DAY = Decimal(24)
SECONDS_PER_HOUR = Decimal(3600)
SECONDS_PER_MONTH = HOURS_PER_MONTH * SECONDS_PER_HOUR
MS_PER_SECOND = Decimal(1000)
MS_PER_MONTH = MS_PER_SECOND * SECONDS_PER_MONTH
MB_PER_GB = Decimal(1024)
"""Lambda's GB-seconds and EC2's GiB both count 1,024 MB to the GB."""
KB_PER_GB = MB_PER_GB * 1024
"""Logs and data transfer are billed per GB of 1,024 x 1,024 KB."""
MILLION = Decimal(1_000_000)
"""Request prices are quoted per million."""
INCLUDED_STORAGE_MB = Decimal(512)
"""Lambda's ephemeral storage (/tmp) included in the price; more is billed."""


def daily_from_monthly(monthly: Decimal) -> Decimal:
    """A day's share of a 730-hour month: monthly x 24 / 730 (money or requests)."""
    return EXACT.divide(EXACT.multiply(monthly, HOURS_PER_DAY), HOURS_PER_MONTH)


def monthly_from_daily(daily: Decimal) -> Decimal:
    """A 730-hour month of a daily figure: daily x 730 / 24."""
    return EXACT.divide(EXACT.multiply(daily, HOURS_PER_MONTH), HOURS_PER_DAY)


def unit_rate(amount: Decimal, unit: str) -> str:
    """A unit price as people quote it: requests per million, hours per hour, GB-s as they are."""
    if unit == "requests":
        return f"{format_rate(amount * MILLION)}/M"
    if unit == "LCU-hours":
        return f"{format_rate(amount)}/LCU-h"
    if unit.endswith("hours"):
        return f"{format_rate(amount)}/h"
    return format_rate(amount)  # per unit of the usage column (GB-s)
