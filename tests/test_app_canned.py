"""Canned queries as an API, in-process: /queries, /queries/<name>, /openapi.json, and hostile parameters."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from kg.errors import InputError
from kg.query.canned import load_all
from kg.rdf.namespaces import ID
from tests.server import SPARQL

CANNED = load_all()
PROBE = load_all(SPARQL / "canned")["probe"]
HOSTILE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(
    [
        'en") } UNION { ?s ?p ?o } #',
        "kremlin> } UNION { ?s ?p ?o } #",
        '"""',
        "'",
        "\\",
        "x\n} ;DROP ALL",
        "<http://evil/>",
        "?s ?p ?o",
        "}}}}",
        "\u0000",
        "\\u0022) } #",
        "a@en",
        '"^^<http://x>',
        "NaN",  # numbers only in their XSD lexical forms: no NaN, infinity, "1_000" or other scripts' digits
        "-INF",
        "1_000",
        "\u0661",
    ]
)


@pytest.fixture(scope="module")
def probe():
    app = create_app({"QUERIES": str(SPARQL / "canned")})
    yield app.test_client()
    app.extensions["kg"].stop()


def rows(response):
    return response.get_json(force=True)["results"]["bindings"]


def test_list_of_queries_as_json_has_every_query_with_typed_parameters(client):
    response = client.get("/queries", headers={"Accept": "application/json"})
    listed = {q["name"]: q for q in response.get_json()["queries"]}
    assert set(listed) == set(CANNED)
    meetings = {p["name"]: p for p in listed["meetings"]["parameters"]}
    assert meetings["lang"] == {
        "name": "lang",
        "type": "string",
        "default": "en",
        "optional": False,
        "required": False,
        "description": "Language of the labels",
    }
    assert meetings["from"]["type"] == "date" and meetings["from"]["optional"] and meetings["from"]["default"] is None
    assert listed["meetings"]["url"] == "/queries/meetings"


def test_list_of_queries_as_html_links_each_query(client):
    page = client.get("/queries", headers={"Accept": "text/html"}).get_data(as_text=True)
    for q in CANNED.values():
        assert f'href="/queries/{q.name}"' in page and q.title in page


@pytest.mark.parametrize("name", sorted(CANNED))
def test_every_canned_query_answers_over_http_as_the_store_does(client, store, name):
    r = client.get(f"/queries/{name}")
    q = CANNED[name]
    expected = store.query(q.text, q.bindings({}))
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"
    assert r.get_json()["head"]["vars"] == expected.variables and len(rows(r)) == len(expected.rows) > 0


def test_canned_query_with_parameters_in_every_format(client):
    url = "/queries/meetings?place=seoul&from=2021-03-01&to=2021-03-31"
    assert [b["meeting"]["value"] for b in rows(client.get(url))] == [str(ID["meeting-lavrov-chung-2021-03"])]
    table = list(csv.DictReader(io.StringIO(client.get(url, headers={"Accept": "text/csv"}).get_data(as_text=True))))
    assert table[0]["earliest"] == "2021-03-25" and "Sergei Lavrov" in table[0]["participants"]
    assert client.get(url + "&format=tsv").mimetype == "text/tab-separated-values"
    assert b"<sparql" in client.get(url, headers={"Accept": "application/sparql-results+xml"}).data


@pytest.mark.parametrize(
    "url,named",
    [
        ("/queries/meetings?from=yesterday", "'from'"),
        ("/queries/meetings?when=2020", "'when'"),
        ("/queries/statistics-over-time?indicator=a%20b", "'indicator'"),
        ("/queries/meetings?place=seoul&place=moscow", "'place'"),
    ],
)
def test_bad_parameter_is_400_naming_it(client, url, named):
    r = client.get(url, headers={"Accept": "application/json"})
    assert r.status_code == 400 and named in r.get_json()["error"]["detail"]


def test_unknown_query_is_404(client):
    r = client.get("/queries/no-such-query")
    assert r.status_code == 404 and "GET /queries" in r.get_data(as_text=True)


def test_openapi_describes_every_canned_query_and_its_parameters(client):
    doc = client.get("/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1") and "/sparql" in doc["paths"]
    for q in CANNED.values():
        op = doc["paths"][f"/queries/{q.name}"]["get"]
        assert op["summary"] == q.title
        assert [p["name"] for p in op["parameters"]] == [p.name for p in q.params]
    meetings = {p["name"]: p for p in doc["paths"]["/queries/meetings"]["get"]["parameters"]}
    assert meetings["from"]["schema"] == {"type": "string", "format": "date"}
    assert meetings["lang"]["schema"] == {"type": "string", "default": "en"}
    assert "text/csv" in doc["paths"]["/queries/meetings"]["get"]["responses"]["200"]["content"]


def test_injection_attempts_stay_values(client):
    speaker = client.get("/queries/statements-by", query_string={"speaker": "kremlin> } UNION { ?s ?p ?o } #"})
    assert speaker.status_code == 400 and "'speaker'" in speaker.get_data(as_text=True)
    baseline = rows(client.get("/queries/agreements-after-ties?lang=xx"))
    hostile = client.get("/queries/agreements-after-ties", query_string={"lang": 'en") } UNION { ?s ?p ?o } #'})
    assert hostile.status_code == 200 and len(rows(hostile)) == len(baseline) > 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from([p.name for p in PROBE.params]), value=HOSTILE)
def test_hostile_parameters_cannot_change_a_querys_structure(probe, name, value):
    """Any string is either refused (400 naming the parameter) or comes back as exactly the term it was bound as."""
    param = next(p for p in PROBE.params if p.name == name)
    try:
        expected = PROBE.bindings({name: value})[name]  # an empty value means the default
    except InputError:
        r = probe.get("/queries/probe", query_string={name: value}, headers={"Accept": "application/json"})
        assert r.status_code == 400 and repr(name) in r.get_json()["error"]["detail"]
        return
    r = probe.get("/queries/probe", query_string={name: value})
    assert r.status_code == 200, r.get_data(as_text=True)
    (row,) = rows(r)
    assert set(row) == {"text", "iri", "day", "count", "amount"}
    cell = row[name]
    if param.type in ("string", "iri"):
        assert cell["value"] == str(expected)
    else:
        assert cell["datatype"] == str(expected.datatype)
        assert expected.eq(type(expected)(cell["value"], datatype=expected.datatype))
