"""`kg build`'s dumps: fresh, byte-identical across builds, the same quads in every format, kept when a build fails."""

import filecmp
import os

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg import dump
from kg.errors import InputError
from kg.pipeline import run
from kg.rdf.terms import to_rdflib
from tests.helpers import ROOT, copy_seeds, edit, run_kg


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("dump")
    run(out=out, log=lambda *_: None)
    return out


def test_committed_dump_is_not_stale(fresh):
    stale = [f for f in dump.FILES if not filecmp.cmp(fresh / f, ROOT / "dump" / f, shallow=False)]
    assert not stale, f"dump/{stale} differ from a fresh build: run `make build` and commit dump/"


def test_two_builds_are_byte_identical_across_hash_seeds(fresh, tmp_path):
    result = run_kg("--dump", tmp_path, "build", env={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stderr
    assert all(filecmp.cmp(fresh / f, tmp_path / f, shallow=False) for f in dump.FILES)


def test_a_big_dump_written_by_a_process_per_file_is_the_same(fresh, tmp_path, monkeypatch):
    monkeypatch.setattr(dump, "SIDE_BY_SIDE_BYTES", 0)  # as for a dump of millions of quads
    monkeypatch.setattr(dump, "MOST_OPEN", 2)  # and of more graphs than files open at once
    dump.write(fresh / "kg.nq", tmp_path)
    assert all(filecmp.cmp(fresh / f, tmp_path / f, shallow=False) for f in dump.FILES)


def test_all_dump_formats_hold_the_same_quads(fresh):
    # read by pyoxigraph, but JSON-LD by rdflib too (rdflib reads the others in test_interop.py)
    formats = {"kg.nq": ox.RdfFormat.N_QUADS, "kg.trig": ox.RdfFormat.TRIG, "kg.jsonld": ox.RdfFormat.JSON_LD}
    quads = {name: set(ox.parse(path=str(fresh / name), format=fmt)) for name, fmt in formats.items()}
    assert quads["kg.nq"] == quads["kg.trig"] == quads["kg.jsonld"]
    jsonld = Dataset().parse(fresh / "kg.jsonld", format="json-ld")
    assert {(s, p, o, g) for s, p, o, g in jsonld.quads() if g is not None} == {
        tuple(map(to_rdflib, q)) for q in quads["kg.nq"]
    }
    merged = set(ox.parse(path=str(fresh / "kg.ttl"), format=ox.RdfFormat.TURTLE))
    assert {t.triple for t in merged} == {q.triple for q in quads["kg.nq"]}


def test_failed_build_leaves_previous_dump_untouched(fresh, tmp_path):
    out = tmp_path / "dump"
    out.mkdir()
    for f in dump.FILES:
        (out / f).write_bytes((fresh / f).read_bytes())
    before = {f: os.stat(out / f).st_mtime_ns for f in dump.FILES}
    seeds = copy_seeds(tmp_path)
    edit(seeds / "rusk-2021-03.yaml", "    represents: russia\n", "    represents: nowhere\n")
    with pytest.raises(InputError):
        run(seeds=seeds, out=out, log=lambda *_: None)
    assert {f: os.stat(out / f).st_mtime_ns for f in dump.FILES} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(dump.FILES)


def test_dump_loads_into_pyoxigraph_unchanged(fresh):
    # a store keeps numbers in canonical form: offsets are xsd:integer, decimals without a needless ".0"
    parsed = set(ox.parse(path=str(fresh / "kg.nq"), format=ox.RdfFormat.N_QUADS))
    store = ox.Store()
    store.bulk_load(path=str(fresh / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    lines = (fresh / "kg.nq").read_text(encoding="utf-8").splitlines()  # one distinct quad a line
    assert set(store) == parsed and len(parsed) == len(lines)
