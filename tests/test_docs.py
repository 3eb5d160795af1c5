"""The README cannot drift: its examples run, its output block is real, its tables name every option."""

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

README = (REPO / "README.md").read_text()


def fenced_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def usage_commands() -> list[list[str]]:
    commands = []
    for block in fenced_blocks("sh"):
        for line in block.splitlines():
            words = shlex.split(line)
            if words[:1] == ["costcalc"]:
                commands.append(words[1:])
            elif words[:3] == ["python", "-m", "costcalc"]:
                commands.append(words[3:])
    return commands


@pytest.mark.parametrize("args", usage_commands(), ids=" ".join)
def test_every_readme_example_runs(args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(REPO)  # the examples name files relative to the checkout
    if "--out" in args:  # but write no files into it
        at = args.index("--out") + 1
        args = [*args[:at], str(tmp_path / args[at]), *args[at + 1 :]]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr


def test_readme_examples_cover_every_command() -> None:
    used = set()
    for args in usage_commands():
        if args[0] == "--max-age":  # a root option comes before the command
            args = args[2:]
        used.add(" ".join(args[:2]) if args[0] == "pricing" else args[0])
    assert used == {
        "compare",
        "breakeven",
        "sweep",
        "plot",
        "check",
        "diff",
        "pricing list",
        "pricing show",
        "pricing validate",
        "pricing diff",
    }


def test_the_talk_output_in_the_readme_is_what_costcalc_prints() -> None:
    command = "costcalc compare --rpd 16000 --ms 200 --memory 1024 --pricing aws-2015 --instance m4.large"
    assert command in README
    shown = README.split("<!-- the output below is checked by tests/test_docs.py at 100 columns -->\n```\n")[
        1
    ]
    shown = shown.split("```")[0]
    actual = run_cli(*shlex.split(command)[1:]).stdout
    assert [line.rstrip() for line in actual.splitlines()] == shown.splitlines()


def test_every_compare_option_is_documented() -> None:
    from costcalc.cli.compare import compare as command

    for param in command.params:
        for flag in param.opts:
            assert f"`{flag}" in README, flag


def test_exit_codes_are_documented() -> None:
    section = README.split("## Exit codes")[1].split("##")[0]
    for code, meaning in (("0", "OK"), ("1", "check failed"), ("2", "bad input")):
        assert re.search(rf"\| {code} \| .*{meaning}", section), code


def test_the_library_example_runs() -> None:
    (block,) = fenced_blocks("python")
    namespace: dict[str, object] = {}
    exec(block, namespace)  # the README's own code, as a user would paste it
    assert namespace["result"].cheapest.name == "lambda"  # type: ignore[attr-defined]
