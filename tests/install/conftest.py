"""An installed tlgen, as a user gets it: the sdist and the wheel PyPA's `build` makes from this
checkout, the wheel installed into a fresh virtualenv (no editable install, no checkout on
sys.path). Slow (it builds and pip-installs), so marked `slow`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO


@dataclass(frozen=True)
class Installed:
    """The built distributions and the virtualenv the wheel went into."""

    sdist: Path
    wheel: Path
    venv: Path

    @property
    def tlgen(self) -> Path:
        return self.venv / "bin" / "tlgen"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command with a clean environment: no PYTHONPATH, nothing of the checkout."""
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8"},
    )


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("installed")
    dist = root / "dist"
    # The sdist first, then the wheel built from the unpacked sdist (build's default): the sdist
    # holds everything the wheel needs.
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(REPO)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (sdist,) = dist.glob("tlgen-*.tar.gz")
    (wheel,) = dist.glob("tlgen-*.whl")
    venv = root / "venv"
    made = run(sys.executable, "-m", "venv", venv, cwd=root)
    assert made.returncode == 0, made.stderr
    pip = run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, cwd=root)
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    return Installed(sdist, wheel, venv)


def wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()
