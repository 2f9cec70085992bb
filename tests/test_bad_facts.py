"""Every broken facts file or article text is refused at its file:line, saying how to fix it, in bounded time,
and the old dump is left byte for byte as it was.

The cases (tests/bad_inputs.py) rebuild the 75 broken inputs of the December attack review (section 10:
ids that cannot be IRIs, values of the wrong kind, binary and UTF-16 files, deep nesting, texts of 1 to
50 MB, duplicate ids, BOM and CRLF, 20,000 extra things; the 46 it found handled, kept so) and a few
more. A facts file saved with a BOM or CRLF line ends is fine YAML and builds the same dump; an article
text with either would shift offsets, so it is refused. The command line's exit code and one-line
message are checked for two cases, and for a dump folder that cannot be written.
"""

import os
import resource
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kg.build.inputs import MAX_TEXT_BYTES
from kg.errors import InputError, NotConformant
from kg.pipeline import run
from tests.bad_inputs import CASES, FACTS, SHACL, broken, sized
from tests.helpers import ROOT, missing_programs
from tests.test_evidence import mini_seeds

pytestmark = pytest.mark.slow  # about 100 builds of a small article, most refused within milliseconds
GUARD = 60  # seconds: a case still running then hangs (a 14 MB text used to hang validation for hours)


def quiet(*_):
    """A log that keeps the test's output clean."""


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A dump folder holding the small article's dump, and what it holds, byte for byte."""
    out = tmp_path_factory.mktemp("previous") / "dump"
    run(seeds=mini_seeds(out.parent / "seeds"), out=out, log=quiet)
    return out, snapshot(out)


def snapshot(folder: Path) -> dict:
    """Every file under a folder (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def bounded(fn):
    """The error `fn()` raised (None if none), failing the test if it still runs after GUARD seconds (a hang)."""
    box: dict = {}

    def target():
        try:
            fn()
        except BaseException as e:  # noqa: BLE001 - handed back to the test, which says what it expected
            box["error"] = e

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(GUARD)
    assert not worker.is_alive(), f"still running after {GUARD} s: a hang"
    return box.get("error")


def line_in(path: Path, mark) -> int:
    """The 1-based line of `path` that the mark names (a line number, or text on that line)."""
    if isinstance(mark, int):
        return mark
    raw = path.read_bytes()
    assert mark.encode() in raw, f"{mark!r} not in {path}"
    return raw[: raw.index(mark.encode())].count(b"\n") + 1


@pytest.mark.parametrize("case", [pytest.param(c[1:], id=c[0]) for c in CASES])
def test_a_bad_input_is_refused_at_its_line_and_the_old_dump_kept(previous, tmp_path, case):
    change, mark, says, *named = case
    seeds = broken(tmp_path, change)
    error = bounded(lambda: run(seeds=seeds, out=previous[0], log=quiet))
    assert isinstance(error, InputError), f"not refused as bad input: {error!r}"
    path = seeds / (named[0] if named else FACTS)
    where = str(path) if mark is None else f"{path}:{line_in(path, mark)}"
    assert str(error).startswith(f"{where}: "), str(error)[:300]
    assert says in str(error)
    assert "\n" not in str(error)
    assert snapshot(previous[0]) == previous[1]


@pytest.mark.parametrize("case", [pytest.param(c[1:], id=c[0]) for c in SHACL])
def test_facts_that_break_a_shape_are_reported_at_their_line_and_the_old_dump_kept(previous, tmp_path, case):
    change, mark, says = case
    seeds = broken(tmp_path, change)
    error = bounded(lambda: run(seeds=seeds, out=previous[0], log=quiet))
    assert isinstance(error, NotConformant), f"not reported as nonconforming: {error!r}"
    assert says in str(error)
    assert f"{seeds / FACTS}:{line_in(seeds / FACTS, mark)}" in str(error)
    assert snapshot(previous[0]) == previous[1]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda raw: b"\xef\xbb\xbf" + raw, id="bom"),
        pytest.param(lambda raw: raw.replace(b"\n", b"\r\n"), id="crlf"),
    ],
)
def test_a_facts_file_with_a_bom_or_crlf_line_ends_builds_the_same_dump(previous, tmp_path, change):
    seeds = mini_seeds(tmp_path / "seeds")
    (seeds / FACTS).write_bytes(change((seeds / FACTS).read_bytes()))
    run(seeds=seeds, out=tmp_path / "dump", log=quiet)
    made = snapshot(tmp_path / "dump")  # the dump files, not the map of the facts files' lines and hashes
    assert {k: v for k, v in made.items() if k.startswith("kg.")} == {
        k: v for k, v in previous[1].items() if k.startswith("kg.")
    }


def test_a_text_at_the_size_limit_builds(tmp_path):
    seeds = broken(tmp_path, sized(MAX_TEXT_BYTES))
    figures = run(seeds=seeds, out=tmp_path / "dump", log=quiet)
    assert figures["stated"] > 0 and (tmp_path / "dump" / "kg.nq").stat().st_size > MAX_TEXT_BYTES


def can_mount() -> bool:
    """Whether root may bind-mount in a mount namespace of its own here (a container may lack CAP_SYS_ADMIN)."""
    if missing_programs("unshare", "mount"):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=GUARD).returncode == 0


def _small_files_only() -> None:
    """In the child: no file may grow past 64 KiB, and writing past it fails with EFBIG (as on a full disk)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))


def kg_build(seeds: Path, dump: Path, read_only: bool = False) -> subprocess.CompletedProcess:
    """`kg build --seeds SEEDS --dump DUMP` as a user runs it; with `read_only` the dump cannot be written.

    For root a folder's mode forbids nothing, so then the folder is mounted read-only (in a mount namespace
    of the command's own, `unshare -m`), or where root may not mount, files are held to 64 KiB (the
    write fails as on a full disk); for anyone else the folder loses its write permission.
    """
    command = [sys.executable, "-m", "kg", "build", "--seeds", str(seeds), "--dump", str(dump)]
    preexec = None
    if read_only and os.geteuid() == 0 and can_mount():
        mount = f'mount --bind {dump} {dump} && mount -o remount,bind,ro {dump} {dump} && exec "$@"'
        command = ["unshare", "-m", "sh", "-c", mount, "sh", *command]
    elif read_only and os.geteuid() == 0:
        preexec = _small_files_only
    elif read_only:
        dump.chmod(0o555)
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=GUARD, preexec_fn=preexec)


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["id-space", "text-50mb"])
def test_kg_build_exits_2_with_one_line_at_the_bad_line(previous, tmp_path, name):
    case = next(c for c in CASES if c[0] == name)
    seeds = broken(tmp_path, case[1])
    done = kg_build(seeds, previous[0])
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("kg: error: ") and done.stderr.count("\n") == 1, done.stderr
    assert case[3] in done.stderr and "Traceback" not in done.stderr
    assert snapshot(previous[0]) == previous[1]


@pytest.mark.e2e
def test_kg_build_into_a_read_only_dump_folder_exits_2_with_one_line_and_keeps_the_dump(tmp_path):
    seeds, dump = mini_seeds(tmp_path / "seeds"), tmp_path / "dump"
    run(seeds=seeds, out=dump, log=quiet)
    before = snapshot(dump)
    try:
        done = kg_build(seeds, dump, read_only=True)
    finally:
        dump.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("kg: error: the build could not write its files ("), done.stderr
    assert done.stderr.endswith(f"; the dump in {dump} was left as it was\n") and done.stderr.count("\n") == 1
    assert snapshot(dump) == before
