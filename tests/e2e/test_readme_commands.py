"""Every command in a `sh` block of the README, run as typed against the system `make run` starts.

The commands run in a directory of their own that looks like a checkout (`.venv`, `deploy/`,
`examples/`), without `PYTHONPATH`: the project is installed in the virtual environment, as
`make run` installs it. A command the README shows that this test cannot run as typed is in
`NOT_RUN` or `ADAPTED` with the reason; a new command in the README is run, or the test fails.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import System
from tests.processes import ROOT
from tests.unit.credit_factories import make_uscc

pytestmark = pytest.mark.e2e

README = ROOT / "README.md"

# The first words of commands this test does not run, and why.
NOT_RUN = {
    "make run": "the system under test is started the way it starts it (tests/e2e/conftest.py)",
    "make test": "the command that runs this test",
    "grpcurl": "a partner's own tool, not installed with the project; test_operations makes the same health check",
    "kubectl": "needs a Kubernetes cluster; tests/manifests renders and validates every overlay it would apply",
    "kind": "needs a Kubernetes cluster (kind) and Docker",
    "docker": "needs a Docker daemon, which the test machines do not have; tests/manifests checks compose.yaml",
}
# Commands run with other arguments than the README's, and why.
ADAPTED = {
    ".venv/bin/firesafety demo": (
        ".venv/bin/firesafety demo --size small --months 2 --until 2026-10",
        "a year of a district takes minutes; two months of a small one drive the same commands and the report's month",
    ),
}


@dataclass(frozen=True)
class Command:
    line: int
    text: str
    stdin: str  # the `>>>` lines that follow an interactive command


def readme_commands(text: str) -> list[Command]:
    """Each command of each ```sh block, comments dropped; `>>> ` lines are the previous command's input."""
    commands: list[Command] = []
    in_block = False
    continued = ""  # a command whose line ended with `\\` goes on on the next
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if continued:
            line, continued = f"{continued} {line}", ""
        if in_block and line.endswith("\\"):
            continued = line[:-1].rstrip()
            continue
        if line.startswith("```"):
            in_block = line == "```sh"
            continue
        if not in_block or not line:
            continue
        if line.startswith(">>> ") and commands:
            last = commands[-1]
            commands[-1] = Command(last.line, last.text, last.stdin + line[4:] + "\n")
        elif not line.startswith("{") and not line.startswith("#"):
            commands.append(Command(number, re.sub(r"\s+#.*$", "", line), ""))
    return commands


def first_words(command: str, table: dict[str, object]) -> str | None:
    return next((prefix for prefix in table if command == prefix or command.startswith(prefix + " ")), None)


@pytest.fixture(scope="module")
def checkout(system: System, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory shaped like the checkout `make run` ran in, with the files the README's commands read."""
    here = tmp_path_factory.mktemp("checkout")
    (here / ".venv").symlink_to(Path(sys.prefix))
    for name in ("deploy", "examples"):
        (here / name).symlink_to(ROOT / name)
    with (here / "register.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["uscc", "unit_name", "district", "venue_name", "street"])
        for n in range(1, 21):
            writer.writerow([make_uscc(900_000 + n), f"上海某商贸有限公司{n}", "徐汇区", f"门店{n}", "漕河泾街道"])
    (here / "calendar").mkdir()
    (here / "calendar" / "2027.toml").write_text(calendar_example(README.read_text()), encoding="utf-8")
    return here


def calendar_example(text: str) -> str:
    """The arrangement file the README's yearly procedure shows, as the operator would save it."""
    block = re.search(r"```toml\n(.*?)```", text, re.S)
    assert block, "the README shows the arrangement file in a ```toml block"
    return "\n".join(line.strip() for line in block.group(1).splitlines()) + "\n"


def environment(system: System, checkout: Path) -> dict[str, str]:
    env = {k: v for k, v in system.env.items() if k != "PYTHONPATH"}
    operator_clock = checkout / "operator-now"
    operator_clock.write_text("2026-12-02T09:00:00+08:00")  # close-days may close the README's 2026-12-01
    env["SCHEDULER_CLOCK_FILE"] = str(operator_clock)
    env["PATH"] = f"{Path(sys.prefix) / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def as_run(command: str, system: System) -> str:
    adapted = first_words(command, ADAPTED)
    if adapted:
        command = ADAPTED[adapted][0] + command[len(adapted) :]
    return command.replace("localhost:50051", f"localhost:{system.env['GRPC_PORT']}")


def test_the_readme_shows_commands_in_sh_blocks() -> None:
    commands = [c.text for c in readme_commands(README.read_text())]
    assert ".venv/bin/firesafety status" in commands
    assert any(c.startswith(".venv/bin/nameko shell") for c in commands)


def test_every_readme_command_runs_as_typed(system: System, checkout: Path) -> None:
    env = environment(system, checkout)
    ran: list[str] = []
    for command in readme_commands(README.read_text()):
        if first_words(command.text, NOT_RUN):
            continue
        typed = as_run(command.text, system)
        started = time.monotonic()
        done = subprocess.run(
            typed,
            shell=True,
            cwd=checkout,
            env=env,
            input=command.stdin,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, (
            f"README line {command.line}: `{typed}` exited {done.returncode}\n"
            f"stdout:\n{done.stdout[-3000:]}\nstderr:\n{done.stderr[-3000:]}"
        )
        ran.append(typed)
        print(f"{time.monotonic() - started:6.1f} s  {typed}")
        check_output(command.text, done, checkout)
    assert len(ran) >= 10, ran


def check_output(command: str, done: subprocess.CompletedProcess[str], checkout: Path) -> None:
    """What each command must show besides its exit status."""
    if command.startswith(".venv/bin/nameko shell"):
        assert "'service': 'credit'" in done.stdout, done.stdout
    elif command.startswith(".venv/bin/firesafety status"):
        assert "supervision" in done.stdout and "answering" in done.stdout, done.stdout
    elif command.startswith(".venv/bin/firesafety import"):
        assert "20 rows: 20 registered" in done.stderr, done.stderr
    elif command.startswith(".venv/bin/firesafety calendar show 2027"):
        assert '"arrangement"' in done.stdout, done.stdout
    elif command.startswith(".venv/bin/firesafety export"):
        assert list((checkout / "export").glob("*/service=permits/month=*/*.parquet")), done.stderr
    elif command.startswith(".venv/bin/firesafety report"):
        assert list((checkout / "reports").rglob("*.html")), done.stderr
