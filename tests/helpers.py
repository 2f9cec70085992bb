"""Shared helpers for tests: run the real CLI, copy the seeds to break them."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_kg(*args, cwd=ROOT, env=None):
    """Run `python -m kg ARGS` as a user would and return the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def copy_seeds(tmp_path: Path) -> Path:
    """A writable copy of the shipped seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", target)
    for p in target.iterdir():
        p.chmod(0o644)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line number of the first line containing `needle`."""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def in_ci() -> bool:
    """True in CI, where a missing component must fail a test instead of skipping it."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
