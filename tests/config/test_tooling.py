"""The linter is part of the checks: ruff with pyflakes, pycodestyle, isort, bugbear, django and pyupgrade rules,
one version pinned for `make test`, `make lint` and pre-commit, and the code clean under it."""
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_has_a_real_rule_set():
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]
    assert lint["line-length"] == 120 and lint["target-version"] == "py311"
    assert {"F", "E", "W", "I", "B", "DJ", "UP"} <= set(lint["lint"]["select"])


def test_pre_commit_runs_the_ruff_version_the_tests_run():
    pinned = re.search(r"^ruff==(\S+)$", (ROOT / "requirements-dev.txt").read_text(), re.M).group(1)
    hooks = {repo["repo"]: repo for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"]}
    assert hooks["https://github.com/astral-sh/ruff-pre-commit"]["rev"] == f"v{pinned}"
    ids = {hook["id"] for repo in hooks.values() for hook in repo["hooks"]}
    assert {"ruff", "check-yaml", "end-of-file-fixer", "trailing-whitespace"} <= ids


def test_the_test_command_lints_before_pytest():
    script = (ROOT / "scripts/test.sh").read_text()
    assert script.index("-m ruff check .") < script.index("-m pytest")


def test_the_code_is_clean_under_ruff():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
