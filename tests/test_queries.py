"""The canned queries (queries/*.rq): each answers what its title says, held to the graph by an independent query;
their parameters are bound as terms in a VALUES block placed by the query's tokens."""

import ast

import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from kg import paths
from kg.errors import InputError
from kg.query.canned import bind, load_all, parse
from kg.rdf.namespaces import ID
from tests.server import SPARQL

CANNED = load_all()
EXPECTED = load_all(paths.ROOT / "tests" / "queries" / "expected")
BIND = SPARQL / "bind"
ARTICLES = sorted((paths.ROOT / "seeds").glob("*.yaml"))
OTHER_PARAMS = {  # a second case where a parameter picks things that the defaults do not
    "article-facts": {"article": "article/nl-rusnk-2024-10"},
    "country-timeline": {"country": "south-korea"},
    "curator-knowledge": {"article": "article/nl-rusnk-2024-10"},
    "statement-evidence": {"subject": "meeting-lavrov-chung-2021-03", "property": "dip:participant"},
    "initiative-fields": {"initiative": "nine-bridges-initiative"},
    "officials-by-country": {"country": "south-korea"},
    "statements-by": {"speaker": "sergei-lavrov"},
    "statistics-over-time": {"indicator": "tourist-arrivals"},
}
CASES = [(name, {}) for name in sorted(CANNED)] + sorted(OTHER_PARAMS.items())


def run(store, name, **params):
    q = CANNED[name]
    result = store.query(q.text, q.bindings(params))
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def ids(rows, var):
    return [str(r[var])[len(ID) :] for r in rows if r.get(var) is not None]


def test_every_query_file_is_a_canned_query_with_title_and_description():
    assert set(CANNED) == {p.stem for p in paths.QUERIES.glob("*.rq")}
    for q in CANNED.values():
        assert q.title and q.description, q.name


@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}-{'params' if p else 'defaults'}" for n, p in CASES])
def test_canned_query_answers_once_for_each_thing_the_graph_holds(store, name, params):
    """The answer's key columns (the independent query's variables) hold each thing once, and every one of them."""
    q, independent = CANNED[name], EXPECTED[name]
    answer = store.query(q.text, q.bindings(params))
    truth = store.query(independent.text, q.bindings(params))  # the same parameter values
    keys = [tuple(row[answer.variables.index(v)] for v in truth.variables) for row in answer.rows]
    assert truth.rows, f"the graph holds nothing for {name}: the comparison would prove nothing"
    assert len(keys) == len(set(keys)), f"{name} repeats a row for {truth.variables}"
    assert set(keys) == set(truth.rows)


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
    assert str(rows[0]["earliest"]) == "2021-03-25" and str(rows[0]["places"]) == "Seoul"
    assert {"Sergei Lavrov", "Chung Eui-yong"} <= set(str(rows[0]["participants"]).split(", "))


def test_meetings_list_every_place_of_a_meeting_in_one_row(store):
    rows = [r for r in run(store, "meetings") if r["meeting"] == ID["meeting-leshakov-popova-kim-2020-09"]]
    assert len(rows) == 1 and set(str(rows[0]["places"]).split(", ")) == {"Seoul", "Seoul City Hall"}


def test_officials_by_country_gives_offices(store):
    rows = run(store, "officials-by-country", country="south-korea")
    by_id = dict(zip(ids(rows, "official"), rows, strict=True))
    assert "foreign minister" in str(by_id["chung-eui-yong"]["offices"]).lower()
    assert "President" in str(by_id["yoon-suk-yeol"]["curatorOffice"])


def test_initiative_fields_of_nine_bridges(store):
    (row,) = run(store, "initiative-fields", initiative="nine-bridges-initiative")
    assert str(row["launchedBy"]) == "Moon Jae-in"
    assert set(str(row["fields"]).split("; ")) == {
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
    assert "Rusland@nl" in str(russia["labels"]) and int(russia["articles"]) == len(ARTICLES)


def test_statements_by_the_kremlin_come_from_its_spokesman(store):
    rows = run(store, "statements-by", speaker="kremlin")
    assert {str(r["by"]) for r in rows} == {"Dmitry Peskov"}
    assert any("niemand ongerust" in str(r["quotation"]) for r in rows)


def test_country_timeline_uses_the_inferred_chain(store):
    rows = run(store, "country-timeline", country="south-korea")
    how = {i: str(r["how"]) for i, r in zip(ids(rows, "event"), rows, strict=True)}
    assert how["meeting-lavrov-chung-2021-03"] == "through participants (inferred)"
    assert [str(r["earliest"]) for r in rows] == sorted(str(r["earliest"]) for r in rows)


def test_article_facts_are_in_text_order(store):
    rows = run(store, "article-facts", article="article/nl-rusnk-2024-10")
    starts = [int(r["start"]) for r in rows]
    assert rows and starts == sorted(starts)


def test_bindings_refuse_unknown_and_badly_typed_parameters():
    with pytest.raises(InputError, match="has no parameter 'contry'"):
        CANNED["country-timeline"].bindings({"contry": "russia"})
    with pytest.raises(InputError, match="parameter 'from': '2021-13-01' is not a valid date"):
        CANNED["meetings"].bindings({"from": "2021-13-01"})
    with pytest.raises(InputError, match="parameter 'country'"):
        CANNED["country-timeline"].bindings({"country": "russia> } ; DROP ALL ; <x"})


def test_bind_gives_back_a_hostile_literal_as_one_term(store):
    hostile = Literal('en" } } SELECT * WHERE { ?s ?p ?o } #')
    result = store.query(bind((BIND / "echo.rq").read_text(), {"lang": hostile}))
    assert result.rows == [(hostile,)]


@pytest.mark.parametrize("name", ["comment-with-where", "string-with-where", "construct-template"])
def test_bind_places_values_in_the_where_group_whatever_the_text_around_it(store, name):
    q = parse(BIND / f"{name}.rq", canned=False)
    result = store.query(bind(q.text, {"lang": Literal("nl")}))
    labels = [row[1] for row in result.rows] if result.kind == "select" else [t[2] for t in result.triples]
    assert labels == [Literal("Rusland", lang="nl")]


def test_bind_refuses_a_query_without_a_where_group():
    with pytest.raises(InputError, match="needs a WHERE clause"):
        bind((BIND / "no-where.rq").read_text(), {"lang": Literal("nl")})


def test_parse_refuses_header_without_title():
    with pytest.raises(InputError, match="needs `title:`"):
        parse(SPARQL / "no-title.rq")


def _parses_as_sparql(text: str) -> bool:
    """Whether a string is a SPARQL query or update (rdflib's parser)."""
    for parse_text in (parseQuery, parseUpdate):
        try:
            parse_text(text)
            return True
        except Exception:  # pyparsing's and rdflib's errors alike: not SPARQL
            continue
    return False


def _string_of(node: ast.AST) -> str:
    """The text of a string literal; an f-string with an IRI for each of its fields (formatted SPARQL)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "<urn:x-field>" for v in node.values)
    return ""


def test_no_sparql_in_python_strings():
    """SPARQL lives in .rq files: no string or f-string of the code, tools or tests parses as a query or update."""
    keywords = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE", "INSERT", "DELETE")
    for folder in ("kg", "app", "bench", "tools", "tests"):
        for path in (paths.ROOT / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if not any(k in source.upper() for k in keywords):
                continue  # no string of it can be a query
            for node in ast.walk(ast.parse(source)):
                text = _string_of(node)
                if any(k in text.upper() for k in keywords) and "{" in text:
                    assert not _parses_as_sparql(text), f"{path}:{node.lineno}: SPARQL belongs in a .rq file"


def test_iri_parameters_accept_ids_prefixed_names_and_full_iris():
    param = next(p for p in CANNED["country-timeline"].params if p.name == "country")
    assert param.term("russia") == param.term("id:russia") == param.term(str(ID.russia)) == URIRef(ID.russia)
