"""docs/ci.md cannot drift: its workflow runs here, step by step, as GitHub would run it.

Each `run:` step runs under `bash -e` in a real git repository, with the job's `env:` and GitHub's
step conditions (a step without `if:` is skipped after a failure). costcalc is installed by the
workflow's own install step, from this checkout and offline: the one value replaced is
`COSTCALC_FROM`, which names the repository to install from.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO

DOC = (REPO / "docs" / "ci.md").read_text()
EXAMPLE = REPO / "examples" / "workloads.yaml"


def workflow_job() -> dict[str, Any]:
    (block,) = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)
    (job,) = yaml.safe_load(block)["jobs"].values()
    return dict(job)


@dataclass
class Step:
    name: str
    outcome: str  # success, failure or skipped, as steps.<id>.outcome says
    result: subprocess.CompletedProcess[str] | None = None


def condition_holds(condition: str | None, failed: bool, outcomes: dict[str, str]) -> bool:
    """GitHub's `if:` for the few expressions the workflow may use; anything else fails the test."""
    if condition is None:
        return not failed  # success() is implied
    text = condition.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2].strip()
    terms = [term.strip() for term in text.split("&&")]
    if not any(re.search(r"\b(always|success|failure|cancelled)\(\)", term) for term in terms):
        terms.insert(0, "success()")  # as GitHub adds when no status function is named
    holds = True
    for term in terms:
        if term in ("always()", "!cancelled()"):  # the run is never cancelled here
            value = True
        elif term == "success()":
            value = not failed
        elif term == "failure()":
            value = failed
        elif match := re.fullmatch(r"steps\.([\w-]+)\.outcome == '(\w+)'", term):
            value = outcomes.get(match[1]) == match[2]
        else:
            raise AssertionError(f"the test cannot evaluate `if: {condition}` ({term})")
        holds = holds and value
    return holds


def git(repo: Path, *args: str) -> None:
    identity = {"GIT_AUTHOR_NAME": "ci", "GIT_AUTHOR_EMAIL": "ci@example.com"}
    identity |= {"GIT_COMMITTER_NAME": "ci", "GIT_COMMITTER_EMAIL": "ci@example.com"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **identity})


def pull_request(tmp_path: Path, workloads: Path, base: Path | None, *, fetched: bool = True) -> Path:
    """A checkout of a pull request: ``base`` committed on main (None: main has no workload file),
    ``workloads`` in the working tree, and main fetched as origin/main unless not ``fetched``."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    if base is not None:
        shutil.copy(base, repo / "workloads.yaml")
    else:
        (repo / "README.md").write_text("a service\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "main")
    if fetched:
        git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    shutil.copy(workloads, repo / "workloads.yaml")
    return repo


def run_workflow(repo: Path, install_from: Path = REPO) -> dict[str, Step]:
    """Every step of the job in order, as GitHub runs them; the summary is beside the repository."""
    job = workflow_job()
    site = repo.parent / "site"  # where the install step puts costcalc
    # pip, offline: only what the install step names is installed (click, rich and PyYAML are here).
    offline_pip = (
        f'pip() {{ "{sys.executable}" -m pip "$@" --no-deps --no-index --no-build-isolation -q '
        f'--target "{site}"; }}\n'
    )
    env = {
        **os.environ,
        **{key: str(value) for key, value in job.get("env", {}).items()},
        "COSTCALC_FROM": str(install_from),
        "GITHUB_STEP_SUMMARY": str(repo.parent / "summary.md"),
        "GITHUB_BASE_REF": "main",
        "PATH": f"{site / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(site),
        "COLUMNS": "100",
    }
    steps: dict[str, Step] = {}
    failed = False
    for index, spec in enumerate(job["steps"]):
        key = spec.get("id") or spec.get("name") or f"step{index}"
        if "run" not in spec:  # checkout and setup-python: done by the test
            steps[key] = Step(key, "success")
            continue
        outcomes = {name: step.outcome for name, step in steps.items()}
        if not condition_holds(spec.get("if"), failed, outcomes):
            steps[key] = Step(key, "skipped")
            continue
        done = subprocess.run(
            ["bash", "-e", "-c", offline_pip + spec["run"]], cwd=repo, env=env, capture_output=True, text=True
        )
        steps[key] = Step(key, "success" if done.returncode == 0 else "failure", done)
        failed = failed or done.returncode != 0
    return steps


def outcomes(steps: dict[str, Step]) -> dict[str, str]:
    return {name: step.outcome for name, step in steps.items() if not name.startswith("step")}


def summary(repo: Path) -> str:
    path = repo.parent / "summary.md"
    return path.read_text() if path.exists() else ""


INSTALL, BUDGET, DIFF = "install", "Budget check", "Cost change against the base branch"


# --- the documented install ---------------------------------------------------------------------


def test_the_install_step_names_the_repository_not_a_package_index() -> None:
    job = workflow_job()
    (install,) = [step for step in job["steps"] if step.get("id") == INSTALL]
    assert install["run"] == 'pip install "$COSTCALC_FROM"'
    assert job["env"]["COSTCALC_FROM"].startswith("git+https://")  # costcalc is not on PyPI
    assert "pip install costcalc\n" not in DOC


def test_the_install_step_installs_costcalc_from_a_path(tmp_path: Path) -> None:
    repo = pull_request(tmp_path, EXAMPLE, EXAMPLE)
    steps = run_workflow(repo)
    assert steps[INSTALL].outcome == "success", steps[INSTALL].result
    site = tmp_path / "site"
    assert (site / "bin" / "costcalc").is_file() and (site / "costcalc" / "__init__.py").is_file()
    found = subprocess.run(
        ["bash", "-c", "command -v costcalc"],
        env={**os.environ, "PATH": f"{site / 'bin'}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
    )
    assert found.stdout.strip() == str(site / "bin" / "costcalc")  # the steps run the installed copy


def test_a_failed_install_skips_the_checks_rather_than_failing_them_again(tmp_path: Path) -> None:
    repo = pull_request(tmp_path, EXAMPLE, EXAMPLE)
    steps = run_workflow(repo, install_from=tmp_path / "no-such-checkout")
    assert outcomes(steps) == {INSTALL: "failure", BUDGET: "skipped", DIFF: "skipped"}


# --- the job --------------------------------------------------------------------------------------


def test_the_workflow_passes_on_the_example_and_writes_the_summary(tmp_path: Path) -> None:
    repo = pull_request(tmp_path, EXAMPLE, EXAMPLE)
    steps = run_workflow(repo)
    assert outcomes(steps) == {INSTALL: "success", BUDGET: "success", DIFF: "success"}, [
        s.result.stderr for s in steps.values() if s.result
    ]
    text = summary(repo)
    assert text.startswith("### costcalc budget check: ")
    assert "### costcalc cost diff" in text
    assert "| Total |  | $14.00 | $425.53 |" in text


def test_an_over_budget_pull_request_still_shows_the_diff(tmp_path: Path) -> None:
    over = tmp_path / "over.yaml"
    over.write_text(EXAMPLE.read_text().replace("budget: {monthly: 5}", "budget: {monthly: 0.5}"))
    repo = pull_request(tmp_path, over, EXAMPLE)
    steps = run_workflow(repo)
    assert outcomes(steps) == {INSTALL: "success", BUDGET: "failure", DIFF: "success"}
    budget = steps[BUDGET].result
    assert budget is not None and budget.returncode == 1
    assert "over budget: orders-api by $0.90/month" in budget.stderr
    text = summary(repo)
    assert "❌ over by $0.90/month" in text  # the summary is written before the job fails
    assert "### costcalc cost diff" in text  # and the diff ran all the same


def test_the_workflow_fails_when_costs_rise_past_the_threshold(tmp_path: Path) -> None:
    grown = tmp_path / "grown.yaml"
    grown.write_text(
        EXAMPLE.read_text()
        .replace("rps: 120", "rps: 240")
        .replace("budget: {monthly: 600}", "budget: {monthly: 99999}")
    )
    repo = pull_request(tmp_path, grown, EXAMPLE)
    steps = run_workflow(repo)
    assert outcomes(steps) == {INSTALL: "success", BUDGET: "success", DIFF: "failure"}
    diff = steps[DIFF].result
    assert diff is not None and diff.returncode == 1
    assert "the monthly total rises 56.9%, more than 20%" in diff.stderr
    assert "### costcalc cost diff" in summary(repo)


def test_the_pull_request_that_adds_the_workload_file_has_nothing_to_diff(tmp_path: Path) -> None:
    repo = pull_request(tmp_path, EXAMPLE, None)
    steps = run_workflow(repo)
    assert outcomes(steps) == {INSTALL: "success", BUDGET: "success", DIFF: "success"}
    diff = steps[DIFF].result
    assert diff is not None and diff.stderr == ""
    text = summary(repo)
    assert "No cost diff: workloads.yaml is new in this pull request (main has none).\n" in text
    assert "### costcalc cost diff" not in text
    assert not (repo / "base-workloads.yaml").exists()


def test_a_base_branch_that_was_not_fetched_fails_the_step_rather_than_skipping_the_diff(
    tmp_path: Path,
) -> None:
    repo = pull_request(tmp_path, EXAMPLE, EXAMPLE, fetched=False)
    steps = run_workflow(repo)
    assert outcomes(steps)[DIFF] == "failure"
    diff = steps[DIFF].result
    assert diff is not None and diff.stderr == "origin/main is missing: check out with fetch-depth: 0\n"
    assert "No cost diff" not in summary(repo)


def test_the_step_conditions_are_read_as_github_reads_them() -> None:
    assert condition_holds(None, failed=False, outcomes={})
    assert not condition_holds(None, failed=True, outcomes={})
    guard = "${{ !cancelled() && steps.install.outcome == 'success' }}"
    assert condition_holds(guard, failed=True, outcomes={"install": "success"})
    assert not condition_holds(guard, failed=True, outcomes={"install": "failure"})
    assert not condition_holds(
        "steps.install.outcome == 'success'", failed=True, outcomes={"install": "success"}
    )
    assert condition_holds("always()", failed=True, outcomes={})
