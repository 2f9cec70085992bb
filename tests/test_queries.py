import re

import pytest
from rdflib import Literal, URIRef

from kg import paths
from kg.errors import InputError
from kg.query.canned import bind, load_all, parse
from kg.query.stores import OxigraphStore
from kg.rdf.namespaces import ID

CANNED = load_all()


@pytest.fixture(scope="module")
def store():
    return OxigraphStore(paths.DUMP / "kg.nq")


def run(store, name, **params):
    q = CANNED[name]
    result = store.query(q.text, q.bindings(params))
    return [dict(zip(result.variables, row)) for row in result.rows]


def ids(rows, var):
    return [str(r[var])[len(ID) :] for r in rows if r.get(var) is not None]


def test_every_canned_query_has_metadata_and_answers_with_defaults(store):
    assert len(CANNED) >= 11
    for q in CANNED.values():
        assert q.title and q.description
        assert store.query(q.text, q.bindings({})).rows, q.name


def test_agreements_after_ties_in_date_order_with_quotes(store):
    rows = run(store, "agreements-after-ties")
    assert ids(rows, "agreement")[:2] == ["sister-city-agreement-1991", "seoul-moscow-exchange-program-1996"]
    assert "agreement-ru-kr-strengthen-ties-2021-03" in ids(rows, "agreement")
    assert "defence-treaty-russia-north-korea-2024-06" not in ids(rows, "agreement")
    assert [str(r["earliest"]) for r in rows] == sorted(str(r["earliest"]) for r in rows)
    assert "sister city agreement" in str(rows[0]["quote"])


def test_meetings_in_seoul_in_march_2021(store):
    rows = run(store, "meetings", place="seoul", **{"from": "2021-03-01", "to": "2021-03-31"})
    assert ids(rows, "meeting") == ["meeting-lavrov-chung-2021-03"]
    assert str(rows[0]["earliest"]) == "2021-03-25"
    assert {"Sergei Lavrov", "Chung Eui-yong"} <= set(str(rows[0]["participants"]).split(", "))


def test_officials_by_country_gives_offices(store):
    rows = run(store, "officials-by-country", country="south-korea")
    by_id = dict(zip(ids(rows, "official"), rows))
    assert "foreign minister" in str(by_id["chung-eui-yong"]["offices"]).lower()
    assert "President" in str(by_id["yoon-suk-yeol"]["curatorOffice"])


def test_initiative_fields_of_nine_bridges(store):
    rows = run(store, "initiative-fields", initiative="nine-bridges-initiative")
    assert {str(r["field"]) for r in rows} == {
        "rail transportation",
        "energy supply",
        "nuclear power",
        "shipbuilding",
        "healthcare",
        "medicine",
    }


def test_trade_statistics_over_time(store):
    rows = [r for r in run(store, "statistics-over-time", indicator="trade-volume") if str(r["unit"]) == "USD million"]
    assert [(str(r["earliest"])[:4], float(r["value"])) for r in rows] == [("1990", 880.0), ("2019", 22340.0)]


def test_cross_article_entities_include_shared_countries(store):
    rows = run(store, "cross-article-entities")
    assert {"russia", "south-korea", "seoul"} <= set(ids(rows, "entity"))
    russia = next(r for r in rows if str(r["entity"]) == str(ID.russia))
    assert "Rusland@nl" in str(russia["labels"]) and int(russia["articles"]) == 3


def test_statements_by_the_kremlin_come_from_its_spokesman(store):
    rows = run(store, "statements-by", speaker="kremlin")
    assert set(ids(rows, "by")) == {"dmitry-peskov"}
    assert any("niemand ongerust" in str(r["quotation"]) for r in rows)


def test_country_timeline_uses_the_inferred_chain(store):
    rows = run(store, "country-timeline", country="south-korea")
    how = {i: str(r["how"]) for i, r in zip(ids(rows, "event"), rows)}
    assert how["meeting-lavrov-chung-2021-03"] == "through participants (inferred)"
    assert [str(r["earliest"]) for r in rows] == sorted(str(r["earliest"]) for r in rows)


def test_article_facts_are_in_text_order(store):
    rows = run(store, "article-facts", article="article/nl-rusnk-2024-10")
    starts = [int(r["start"]) for r in rows]
    assert starts == sorted(starts) and len(rows) > 40


def test_bindings_refuse_unknown_and_badly_typed_parameters():
    with pytest.raises(InputError, match="has no parameter 'contry'"):
        CANNED["country-timeline"].bindings({"contry": "russia"})
    with pytest.raises(InputError, match="parameter 'from': '2021-13-01' is not a valid date"):
        CANNED["meetings"].bindings({"from": "2021-13-01"})
    with pytest.raises(InputError, match="parameter 'country'"):
        CANNED["country-timeline"].bindings({"country": "russia> } ; DROP ALL ; <x"})


def test_bind_writes_terms_in_a_values_block_never_raw_text():
    hostile = Literal('en" } } SELECT * WHERE { ?s ?p ?o } #')
    text = bind("SELECT ?x WHERE { ?x ?p ?lang }", {"lang": hostile})
    assert text.count("{") - text.count("\\{") >= 2
    assert re.search(r'VALUES \(\?lang\) \{ \(".*\\".*"\) \}', text)


def test_parse_refuses_header_without_title(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("#+ description: x\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(InputError, match="needs `title:`"):
        parse(path)


def test_no_sparql_queries_in_python_strings():
    pattern = re.compile(r'["\']\s*(SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE)\s', re.IGNORECASE)
    for path in list((paths.ROOT / "kg").glob("*.py")) + list((paths.ROOT / "app").rglob("*.py")):
        assert not pattern.search(path.read_text()), path


def test_iri_parameters_accept_ids_prefixed_names_and_full_iris():
    param = next(p for p in CANNED["country-timeline"].params if p.name == "country")
    assert param.term("russia") == param.term("id:russia") == param.term(str(ID.russia)) == URIRef(ID.russia)
