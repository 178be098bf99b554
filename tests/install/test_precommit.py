"""The hooks of .pre-commit-hooks.yaml under the real pre-commit (from PyPI), in a temporary git
repository of a consuming project: `pre-commit try-repo <this checkout>` installs tlgen from the
checkout as pre-commit does for any `repo:`, then runs both hooks on what is staged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

# Ids by Telegram's rule (?true params left out of the hashed text), so that moving a
# ?true flag keeps the id: a silent change, not a new definition.
SCHEMA = """boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
true#3fedd339 = True;
user#bbc54020 flags:# bot:flags.0?true id:long name:flags.1?string = User;
---functions---
getUser#686d73cf id:long = User;
// LAYER 1
"""

SETTINGS = """[tool.tlgen]
schema = ["schema/tiny.tl"]
out = "src"
package = "tg"
"""


@pytest.fixture
def consumer(tmp_path: Path) -> Path:
    if not (REPO / ".git").exists():
        pytest.skip("NOT RUN: pre-commit try-repo needs this checkout to be a git repository")
    root = tmp_path / "consumer"
    (root / "schema").mkdir(parents=True)
    (root / "schema" / "tiny.tl").write_text(SCHEMA, encoding="utf-8")
    (root / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    for args in (["init", "-q"], ["config", "user.email", "t@example.invalid"]):
        git(root, *args)
    git(root, "config", "user.name", "t")
    regenerate(root)
    git(root, "add", ".")
    git(root, "commit", "-qm", "schema and its package")
    return root


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def regenerate(root: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tlgen", "generate"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def hooks(root: Path, home: Path) -> dict[str, str]:
    """Each hook's verdict (Passed, Failed, Skipped) from one `pre-commit try-repo` run."""
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
        env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "PRE_COMMIT_HOME": str(home)},
    )
    verdicts = {}
    for line in done.stdout.splitlines():
        for name in ("up to date", "schemas"):
            if line.startswith("tlgen") and name in line:
                verdicts[name] = line.rsplit(".", 1)[-1].replace("(no files to check)", "")
    assert len(verdicts) == 2, done.stdout + done.stderr
    return verdicts


def test_hooks_pass_fail_on_stale_and_silent_changes_and_pass_after_regeneration(
    consumer: Path, tmp_path: Path
) -> None:
    home = tmp_path / "pre-commit-home"
    assert hooks(consumer, home) == {"up to date": "Passed", "schemas": "Skipped"}
    # A new constructor staged without regenerating: the package is stale; the review passes
    # (an addition).
    schema = consumer / "schema" / "tiny.tl"
    schema.write_text(
        SCHEMA.replace("---functions---", "chat#e198d8da id:long = Chat;\n---functions---")
    )
    git(consumer, "add", ".")
    assert hooks(consumer, home) == {"up to date": "Failed", "schemas": "Passed"}
    regenerate(consumer)
    git(consumer, "add", ".")
    assert hooks(consumer, home) == {"up to date": "Passed", "schemas": "Passed"}
    git(consumer, "commit", "-qm", "chat")
    # A silent change: the bot flag moves to another bit under the same constructor id.
    schema.write_text(schema.read_text().replace("bot:flags.0?true", "bot:flags.2?true"))
    git(consumer, "add", ".")
    assert hooks(consumer, home) == {"up to date": "Failed", "schemas": "Failed"}
    regenerate(consumer)
    git(consumer, "add", ".")
    # Regenerated, the package is current; the silent change still fails the review gate.
    assert hooks(consumer, home) == {"up to date": "Passed", "schemas": "Failed"}
