"""The pre-commit hook (.pre-commit-hooks.yaml) and the CI script (tools/ci-validate.sh), run for real.

The hook is used as another repository of facts files would use it: a throwaway git repository of
facts files whose .pre-commit-config.yaml names this project (a throwaway commit of its working
tree) by a local `repo:` path; `pre-commit run --all-files` installs the hook's environment with pip
(from the pip cache and PyPI, as pre-commit always does) and runs `kg validate --seeds seeds`.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT, copy_seeds, edit, line_of

PROJECT = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "kg", "app", "ontology", "shapes", "queries")
BIN = Path(sys.executable).parent
GIT = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t"}
FIXTURES = ("valid.ttl", "event-location-an-organization.ttl")
BROKEN = (
    "    location: seoul\n    about:\n      - value: ru-kr",
    "    location: {value: g20, basis: curator, source: x}\n    about:\n      - value: ru-kr",
)


def git_repo(folder: Path) -> str:
    """Make `folder` a git repository with everything in it committed; return the commit."""
    env = {**os.environ, **GIT, "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "files"]):
        subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True, timeout=60)
    out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def hook_repository(tmp_path: Path) -> tuple[Path, str]:
    """This project's working tree as a throwaway git repository (pre-commit clones the hook from a commit)."""
    repo = tmp_path / "dipkg"
    for name in PROJECT:
        src, dst = ROOT / name, repo / name
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dst)
    return repo, git_repo(repo)


def pre_commit(facts: Path, home: Path) -> subprocess.CompletedProcess:
    """`pre-commit run --all-files` in the facts repository, its environments kept in `home`."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env["PIP_COMPILE"] = "0"  # pip --no-compile: no .pyc of every installed module (Python writes those it imports)
    return subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files", "--color", "never"],
        cwd=facts,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,  # installing the hook's environment: pip, from its cache
    )


@pytest.mark.e2e
def test_the_hook_fails_a_broken_facts_file_at_its_line_and_passes_a_good_one(tmp_path):
    repo, rev = hook_repository(tmp_path)
    facts = tmp_path / "facts"
    copy_seeds(facts)  # facts/seeds: the facts files and their articles
    (facts / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks: [{{id: kg-validate}}]\n", encoding="utf-8"
    )
    git_repo(facts)
    started = time.perf_counter()
    good = pre_commit(facts, tmp_path / "home")
    print(f"hook environment installed and run in {time.perf_counter() - started:.1f} s")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "kg validate" in good.stdout and "Passed" in good.stdout

    broken = facts / "seeds" / "rusk-2021-03.yaml"
    edit(broken, *BROKEN)
    result = pre_commit(facts, tmp_path / "home")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    # `location: g20` makes the G20 a place as well as an organization: named at its own line
    g20 = line_of(broken, "  - id: g20")
    assert f"seeds/rusk-2021-03.yaml:{g20}: id:g20" in result.stdout, result.stdout
    assert "Violation DisjointTypesShape: 1 result(s)" in result.stdout


@pytest.mark.e2e
def test_the_ci_script_runs_stock_pyshacl_and_kg_validate_with_annotations(tmp_path):
    fixtures = ROOT / "tests" / "fixtures" / "shapes"
    broken = tmp_path / "kg.ttl"  # an event located at an organization, in a small graph
    broken.write_text("".join((fixtures / f).read_text(encoding="utf-8") for f in FIXTURES), encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["sh", "tools/ci-validate.sh", str(broken)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Conforms: False" in result.stdout  # the stock pyshacl command's report
    assert "Event-location" in result.stdout.split("== kg validate")[0]
    annotations = [
        line for line in result.stdout.splitlines() if line.startswith("::error title=Violation Event-location::")
    ]
    assert annotations and "`location` must be the id of a place" in annotations[0], result.stdout
