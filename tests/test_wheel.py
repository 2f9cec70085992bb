"""The wheel as a user gets it: built, installed in a folder of its own, and run from a project folder elsewhere.

The installed package must be the one that runs (`kg.__file__` under the install folder), so nothing
is read from the checkout: the ontology, shapes, canned queries and templates come from the wheel,
the seeds and the dump from the project folder.
"""

import os
import subprocess
import sys
import time
import urllib.request

import pyoxigraph as ox
import pytest

from kg import paths
from tests.helpers import copy_seeds, free_port

pytestmark = pytest.mark.e2e


def pip(*args: str) -> None:
    """Run pip of this interpreter, offline, failing with its output."""
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from the checkout (no network: the build backend is the venv's) and installed in a folder."""
    wheels, target = tmp_path_factory.mktemp("wheels"), tmp_path_factory.mktemp("site")
    pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(wheels), str(paths.ROOT))
    (wheel,) = wheels.glob("*.whl")
    pip("install", "--no-deps", "--no-index", "--no-compile", "-q", "--target", str(target), str(wheel))
    return target


@pytest.fixture(scope="module")
def env(installed):
    """The environment of a user who installed the wheel: it on the path, no KG_* settings of the tests."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("KG_")}, "PYTHONPATH": str(installed)}


@pytest.fixture(scope="module")
def project(env, tmp_path_factory):
    """A project folder elsewhere holding a copy of the seeds, built with the installed `kg`: the folder, the build."""
    folder = tmp_path_factory.mktemp("project")
    copy_seeds(folder)
    return folder, kg(env, folder, "build")


def kg(env: dict, folder, *args: str, program=(sys.executable, "-m", "kg")) -> subprocess.CompletedProcess:
    """Run a command of the installed package in a project folder."""
    return subprocess.run([*program, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def fetch(url: str, server: subprocess.Popen, timeout: float = 60.0) -> str:
    """The body of a GET once the server answers it, or a failure with the server's output if it exits first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"kg serve did not answer {url}: {server.communicate()[1]}")
            time.sleep(0.1)


def test_wheel_is_what_runs_not_the_checkout(installed, env, project):
    folder, _ = project
    code = "import app, kg, kg.paths; print(kg.__file__, app.__file__, kg.paths.QUERIES, kg.paths.SHAPES)"
    where = kg(env, folder, "-c", code, program=[sys.executable])
    assert where.returncode == 0, where.stderr
    assert all(path.startswith(str(installed)) for path in where.stdout.split()), where.stdout


def test_wheel_builds_the_dump_into_the_project_folder_in_a_few_lines(project):
    folder, built = project
    assert built.returncode == 0, built.stderr
    assert len(built.stdout.splitlines()) < 10, built.stdout
    assert {p.name for p in (folder / "dump").iterdir()} >= {"kg.ttl", "kg.trig", "kg.nq", "kg.jsonld"}


def test_wheel_validates_and_answers_from_the_project_folder(installed, env, project):
    folder, _ = project
    assert kg(env, folder, "validate").returncode == 0
    stats = kg(env, folder, "stats", program=[str(installed / "bin" / "kg")])
    graphs = {q.graph_name.value for q in ox.parse(path=str(folder / "dump" / "kg.nq"), format=ox.RdfFormat.N_QUADS)}
    assert stats.returncode == 0, stats.stderr
    assert graphs and all(g.rsplit("/", 1)[1] in stats.stdout for g in graphs)


def test_wheel_serves_the_project_folder_with_its_pages(env, project):
    folder, _ = project
    url = f"http://127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "kg", "serve", "--port", url.rsplit(":", 1)[1], "--workers", "1"]
    server = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert "<html" in fetch(f"{url}/", server).lower()
        assert fetch(f"{url}/queries/graph-counts?format=csv", server).startswith("graph,triples")
    finally:
        server.terminate()
        server.wait(30)
