"""docs/ci.md cannot drift: every `run:` step of its workflow runs here against the example file."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

DOC = (REPO / "docs" / "ci.md").read_text()


def workflow_steps() -> list[str]:
    (block,) = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)
    workflow = yaml.safe_load(block)
    (job,) = workflow["jobs"].values()
    return [step["run"] for step in job["steps"] if "run" in step]


def run_workflow(tmp_path: Path, workloads: Path, base: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run each step as GitHub would (bash -e), with stand-ins for pip, git and the runner's files."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(workloads, repo / "workloads.yaml")
    summary = tmp_path / "summary.md"
    stand_ins = (
        f'costcalc() {{ "{sys.executable}" -m costcalc "$@"; }}\n'
        "pip() { :; }\n"  # costcalc is already installed in this environment
        f'git() {{ cat "{base}"; }}\n'  # git show origin/<base>:workloads.yaml
    )
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_BASE_REF": "main", "COLUMNS": "100"}
    results = []
    for step in workflow_steps():
        done = subprocess.run(
            ["bash", "-e", "-c", stand_ins + step], cwd=repo, env=env, capture_output=True, text=True
        )
        results.append(done)
        if done.returncode:
            break
    return results


def test_the_workflow_passes_on_the_example_and_writes_the_summary(tmp_path: Path) -> None:
    example = REPO / "examples" / "workloads.yaml"
    results = run_workflow(tmp_path, example, example)
    assert [r.returncode for r in results] == [0] * len(workflow_steps()), [r.stderr for r in results]
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("### costcalc budget check: ")
    assert "### costcalc cost diff" in summary


def test_the_workflow_fails_the_job_when_a_workload_is_over_budget(tmp_path: Path) -> None:
    over = tmp_path / "over.yaml"
    over.write_text(
        (REPO / "examples" / "workloads.yaml")
        .read_text()
        .replace("budget: {monthly: 5}", "budget: {monthly: 0.5}")
    )
    results = run_workflow(tmp_path, over, over)
    assert results[-1].returncode == 1
    assert "over budget: orders-api" in results[-1].stderr
    assert "❌ over" in (tmp_path / "summary.md").read_text()  # the summary is written before the job fails


def test_the_workflow_fails_when_costs_rise_past_the_threshold(tmp_path: Path) -> None:
    example = REPO / "examples" / "workloads.yaml"
    grown = tmp_path / "grown.yaml"
    grown.write_text(
        example.read_text()
        .replace("rps: 120", "rps: 240")
        .replace("budget: {monthly: 600}", "budget: {monthly: 99999}")
    )
    results = run_workflow(tmp_path, grown, example)
    assert results[-1].returncode == 1
    assert "the monthly total rises" in results[-1].stderr
