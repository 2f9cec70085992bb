"""The network view at /network: countries, people, organizations, places and events, linked."""

from flask import Blueprint, jsonify, render_template
from flask_babel import lazy_gettext as _l

from app.pages import data
from app.pages.common import prefers_json
from app.pages.terms import href

bp = Blueprint("network", __name__)

# Most specific class -> kind of node; things of other classes (statements, statistics) are left out.
KINDS = {
    "Country": "country",
    "City": "place",
    "Place": "place",
    "Official": "person",
    "Person": "person",
    "Organization": "organization",
    "Agent": "organization",
    "Event": "event",
    "Meeting": "event",
    "Agreement": "event",
    "DiplomaticTies": "event",
    "Anniversary": "event",
    "MilitaryAction": "event",
    "CulturalEvent": "event",
    "Initiative": "initiative",
}
KIND_LABELS = {
    "country": _l("Country"),
    "person": _l("Person"),
    "organization": _l("Organization"),
    "place": _l("City or place"),
    "event": _l("Event"),
    "initiative": _l("Initiative"),
}

# The kinds of node whose names are always drawn on the chart.
LABELLED = ("country", "person", "organization", "place")


@bp.get("/network")
def page():
    """The network page; its data is embedded for the script and listed for keyboard users."""
    model = network()
    if prefers_json():
        return jsonify(model)
    return render_template(
        "network.html",
        model=model,
        kinds=KIND_LABELS,
        labelled=LABELLED,
        groups=by_kind(model),
        link_types=link_types(model),
    )


@bp.get("/network.json")
def as_json():
    """The network's nodes and links as JSON."""
    return jsonify(network())


def network() -> dict:
    """Nodes (with kind, label, degree) and links between them (with the property's label)."""
    return data.cached("network", _compute)


def kind_of(iri: str) -> str | None:
    """The kind of node a resource is drawn as, or None when it is not drawn."""
    cls = data.types().get(iri)
    return KINDS.get(cls.rsplit("#", 1)[-1]) if cls else None


def _compute() -> dict:
    """Build the network model from the stated links between drawable things."""
    labels = data.labels()
    links, seen = [], set()
    for row in data.rows("network-edges"):
        a, b, prop = str(row["a"]), str(row["b"]), str(row["p"])
        if a == b or not kind_of(a) or not kind_of(b) or (a, b) in seen:
            continue
        seen.add((a, b))
        links.append({"source": a, "target": b, "label": labels.get(prop, prop.rsplit("#", 1)[-1])})
    degree: dict[str, int] = {}
    for link in links:
        for end in (link["source"], link["target"]):
            degree[end] = degree.get(end, 0) + 1
    nodes = [
        {
            "id": iri,
            "href": href(iri),
            "label": labels.get(iri) or iri.rsplit("/", 1)[-1],
            "kind": kind_of(iri),
            "type": data.type_label(iri),
            "degree": degree[iri],
        }
        for iri in sorted(degree, key=lambda i: (-degree[i], i))
    ]
    return {"nodes": nodes, "links": links}


def by_kind(model: dict) -> list[dict]:
    """The nodes grouped by kind (in the order of KIND_LABELS), each with its links, for the list view."""
    nodes = {n["id"]: n for n in model["nodes"]}
    linked: dict[str, list] = {iri: [] for iri in nodes}
    for link in model["links"]:
        source, target = nodes[link["source"]], nodes[link["target"]]
        linked[source["id"]].append({"label": link["label"], "out": True, "other": target})
        linked[target["id"]].append({"label": link["label"], "out": False, "other": source})
    groups = [
        {
            "kind": kind,
            "label": label,
            "nodes": [n | {"links": linked[n["id"]]} for n in model["nodes"] if n["kind"] == kind],
        }
        for kind, label in KIND_LABELS.items()
    ]
    return [g for g in groups if g["nodes"]]


def link_types(model: dict) -> list[str]:
    """The kinds of link drawn, most frequent first."""
    count: dict[str, int] = {}
    for link in model["links"]:
        count[link["label"]] = count.get(link["label"], 0) + 1
    return sorted(count, key=lambda label: (-count[label], label))
