"""A small valid price table for tests, written to disk so it goes through the real loader."""

from __future__ import annotations

from pathlib import Path

MINIMAL_TABLE = """\
version: 1
currency: USD
as_of: 2026-01-01
source: test fixture
sources:
  fixture: made up for tests
lambda:
  source: fixture
  billing_increment_ms: 1
  max_duration_ms: 900000
  memory_mb: {min: 128, max: 10240, step: 1}
  ephemeral_storage_mb: {min: 512, max: 10240, step: 1}
  free_tier: {requests: 1000000, gb_seconds: 400000}
  regions:
    test-1:
      ephemeral_storage_per_gb_second: 0.0000000309
      x86_64:
        per_million_requests: 0.20
        per_gb_second:
          - {up_to: 1000, price: 0.01}
          - {up_to: 3000, price: 0.005}
          - {price: 0.001}
api_gateway:
  regions:
    test-1:
      http:
        per_million_requests:
          - {up_to: 1000000, price: 1.00}
          - {price: 0.50}
load_balancer:
  regions:
    test-1: {per_hour: 0.0225, per_lcu_hour: 0.008}
ec2:
  source: fixture
  instance_types:
    small.one: {vcpu: 1, memory_gib: 2, arch: x86_64}
    burst.two: {vcpu: 2, memory_gib: 1, arch: x86_64, baseline_cpu: 0.10}
    arm.one: {vcpu: 1, memory_gib: 2, arch: arm64}
    old.burst: {vcpu: 1, memory_gib: 1, arch: x86_64, burstable: true}
  regions:
    test-1:
      prices:
        small.one: 0.05
        burst.two: 0.01
        arm.one: 0.001
        old.burst: 0.0001
"""


def write_table(directory: Path, text: str = MINIMAL_TABLE, name: str = "fixture.yaml") -> Path:
    path = directory / name
    path.write_text(text)
    return path
