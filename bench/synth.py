"""Synthetic corpus: N events' worth of articles and curated facts that follow the ontology and pass the shapes.

Deterministic from a seed. Each article is an English text of generated sentences plus the facts
curated from it, in the form of a seeds facts file: countries, cities, ministries, officials,
indicators, diplomatic ties, meetings, agreements, other events, initiatives, statements and
statistics. A fact quotes its whole sentence, which is written to state every value of the fact
in words (the names of the things it links, its texts, figures and date), so the build finds
each value stated by its quote, as it must for a curated seeds file (seeds/README.md, Evidence).

    python -m bench.synth 1000 /tmp/synth-seeds     # write seeds files (from the checkout); then
    kg --dump /tmp/synth-dump build --seeds /tmp/synth-seeds

`dataset(events)` builds the RDF directly from the same articles with kg.build's own functions,
skipping the YAML round trip (bench/bench_scale.py uses it).
"""

import argparse
import hashlib
import json
import random
from datetime import date, timedelta
from pathlib import Path

from rdflib import Dataset

from kg import paths
from kg.build import dates
from kg.build import facts as kgbuild
from kg.build.seeds import Article
from kg.build.yamlfile import LineDict

EVENTS_PER_ARTICLE = 50
COUNTRIES = 40
SYLLABLES = [
    "al",
    "bor",
    "ca",
    "dor",
    "el",
    "fa",
    "gor",
    "ha",
    "is",
    "ka",
    "lor",
    "ma",
    "nor",
    "os",
    "pa",
    "ri",
    "sa",
    "tor",
    "u",
    "va",
    "wen",
    "xi",
    "ya",
    "zor",
]
FIELDS = ["energy", "trade", "transport", "health", "education", "culture", "fisheries", "science"]
INDICATORS = [
    ("trade-volume", "bilateral trade volume", "USD million"),
    ("tourists", "tourist arrivals", "people"),
    ("investment", "foreign direct investment", "USD million"),
    ("students", "exchange students", "people"),
]
KINDS = ["Meeting"] * 8 + ["Agreement"] * 4 + ["CulturalEvent", "MilitaryAction", "Event", "Anniversary"] * 2
WORDS = {"CulturalEvent": "cultural festival", "MilitaryAction": "military exercise", "Event": "public ceremony"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def thing(where: str, **fields) -> LineDict:
    """A curated `thing` mapping, as yamlfile would read it, remembering a synthetic location."""
    d = LineDict(fields)
    d.where = where
    return d


def names(rng: random.Random, n: int) -> list:
    """`n` distinct pronounceable capitalized names."""
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def world(rng: random.Random, events: int) -> dict:
    """The entities that articles share: countries, their capitals, ministries and officials, indicators."""
    cn = names(rng, COUNTRIES + max(20, events // 10) + COUNTRIES)
    countries = [{"id": f"country-{i}", "type": "Country", "label": cn[i]} for i in range(COUNTRIES)]
    cities = [
        {"id": f"city-{i}", "type": "City", "label": f"{cn[-1 - i]} City", "locatedIn": f"country-{i}"}
        for i in range(COUNTRIES)
    ]
    ministries = [
        {
            "id": f"ministry-{i}",
            "type": "Organization",
            "label": f"Foreign Ministry of {cn[i]}",
            "locatedIn": f"country-{i}",
        }
        for i in range(COUNTRIES)
    ]
    officials = []
    for j, person in enumerate(cn[COUNTRIES:-COUNTRIES]):
        c = rng.randrange(COUNTRIES)
        officials.append(
            {
                "id": f"official-{j}",
                "type": "Official",
                "label": f"{person} {cn[(j * 7) % COUNTRIES]}son",
                "office": f"envoy of {cn[c]}",
                "represents": f"country-{c}",
                "affiliation": f"ministry-{c}",
            }
        )
    indicators = [{"id": i, "type": "Indicator", "label": label} for i, label, _ in INDICATORS]
    return {
        "countries": countries,
        "cities": cities,
        "ministries": ministries,
        "officials": officials,
        "indicators": indicators,
    }


class Writer:
    """One article being written: its sentences and the things curated from them."""

    def __init__(self, doc_id: str, published: date):
        self.doc_id, self.published = doc_id, published
        self.sentences: list[str] = []
        self.things: list[dict] = []

    def say(self, sentence: str, **fields) -> dict:
        """Add a sentence; a thing given as fields quotes it whole (every sentence is unique)."""
        self.sentences.append(sentence + ".")
        if fields:
            fields.setdefault("quote", sentence)
            self.things.append(thing(f"synthetic:{self.doc_id}:{len(self.sentences)}", **fields))
            return self.things[-1]
        return {}

    def introduce(self, entity: dict, labels: dict) -> None:
        """Add an entity with the sentence that names it and states its properties (`labels`: names by id)."""
        self.say(introduction(entity, labels), **entity)

    def text(self, title: str) -> str:
        """The article text: title, publication line, then every sentence, one paragraph of five."""
        paras = [" ".join(self.sentences[i : i + 5]) for i in range(0, len(self.sentences), 5)]
        return (
            f"{title}\n\nPublished on {self.published:%B} {self.published.day}, {self.published.year}.\n\n"
            + "\n\n".join(paras)
            + "\n"
        )


def introduction(entity: dict, labels: dict) -> str:
    """The sentence that introduces an entity: its name, its id, and in words every property it has."""
    name, eid, kind = entity["label"], entity["id"], entity["type"]
    if kind == "City":
        return f"{name} (city {eid}) lies in {labels[entity['locatedIn']]}"
    if kind == "Organization":
        return f"The {name} ({eid}) is based in {labels[entity['locatedIn']]}"
    if kind == "Official":
        org, country = labels[entity["affiliation"]], labels[entity["represents"]]
        return f"{name} ({eid}), {entity['office']}, represents {country} for the {org}"
    return f"{name} ({kind.lower()} {eid}) is mentioned in this report"


def when(rng: random.Random, published: date) -> tuple:
    """A date spec of mixed precision before publication, and its words in the text."""
    day = published - timedelta(days=rng.randint(1, 300))
    roll = rng.random()
    if roll < 0.1:
        back = rng.randint(0, 6)
        weekday = WEEKDAYS[(published - timedelta(days=back)).weekday()]
        return {"relative": weekday, "expression": f"on {weekday}"}, f"on {weekday}"
    if roll < 0.6:
        return day.isoformat(), f"on {day:%B} {day.day}, {day.year}"
    if roll < 0.85:
        return f"{day:%Y-%m}", f"in {day:%B %Y}"
    return str(day.year), f"in {day.year}"


def bounds(spec, published: date) -> dates.When:
    """The earliest and latest day of a date spec, as the build reads it."""
    return dates.parse(spec, dates.parse(published.isoformat(), None, "synthetic"), "synthetic")


def event(w: Writer, rng: random.Random, ents: dict, k: int, earlier: list, ties: list) -> None:
    """One event sentence and its fact, of a kind drawn at random."""
    kind, eid = rng.choice(KINDS), f"{w.doc_id}-e{k}"
    spec, words = when(rng, w.published)
    c1, c2 = rng.sample(ents["countries"], 2)
    if kind == "Meeting":
        o1, o2 = rng.sample(ents["officials"], 2)
        city = rng.choice(ents["cities"])
        w.say(
            f"{o1['label']} and {o2['label']} met in {city['label']} {words} (meeting {eid})",
            id=eid,
            type=kind,
            label=f"Meeting of {o1['label']} and {o2['label']} ({eid})",
            altLabel=f"meeting {eid}",  # how a later agreement names it
            participant=[o1["id"], o2["id"]],
            location=city["id"],
            date=spec,
        )
        earlier.append((eid, bounds(spec, w.published)))
    elif kind == "Agreement":
        latest = bounds(spec, w.published).latest
        before = [e for e, b in earlier if b.earliest <= latest]  # an agreement follows no later meeting
        fields = {"follows": rng.choice(before)} if before else {}
        after = f", after meeting {fields['follows']}" if fields else ""
        w.say(
            f"{c1['label']} and {c2['label']} signed an agreement on {rng.choice(FIELDS)} {words}{after} (ref. {eid})",
            id=eid,
            type=kind,
            label=f"Agreement between {c1['label']} and {c2['label']} ({eid})",
            party=[c1["id"], c2["id"]],
            date=spec,
            **fields,
        )
    elif kind == "Anniversary" and ties:
        t = rng.choice(ties)
        w.say(
            f"The anniversary of the ties of {t['label']} was marked {words} (ref. {eid})",
            id=eid,
            type=kind,
            label=f"Anniversary of {t['label']} ({eid})",
            participant=t["participant"],
            commemorates=t["id"],
            date=spec,
        )
    else:
        kind = "Event" if kind == "Anniversary" else kind
        city = rng.choice(ents["cities"])
        w.say(
            f"{c1['label']} held a {WORDS[kind]} in {city['label']} {words} (ref. {eid})",
            id=eid,
            type=kind,
            label=f"{kind} of {c1['label']} ({eid})",
            participant=c1["id"],
            location=city["id"],
            date=spec,
        )


def extras(w: Writer, rng: random.Random, ents: dict, k: int) -> None:
    """A statement, and every second time a statistic, about the events of the article."""
    o, c = rng.choice(ents["officials"]), rng.choice(ents["countries"])
    said = f"relations with {c['label']} are {rng.choice(['excellent', 'improving', 'strained', 'vital'])}"
    spec, words = when(rng, w.published)
    w.say(
        f"{o['label']} said {words} that {said} (ref. {w.doc_id}-s{k})",
        id=f"{w.doc_id}-s{k}",
        type="Statement",
        label=f"Statement of {o['label']} ({w.doc_id}-s{k})",
        speaker=o["id"],
        quotation=said,
        about=c["id"],
        date=spec,
    )
    if k % 2 == 0:
        ind_id, ind, unit = rng.choice(INDICATORS)
        value, year = rng.randint(10, 99_999), w.published.year - rng.randint(1, 5)
        w.say(
            f"The {ind} of {c['label']} reached {value:,} {unit} in {year} (ref. {w.doc_id}-t{k})",
            id=f"{w.doc_id}-t{k}",
            type="Statistic",
            label=f"{ind} in {year} ({w.doc_id}-t{k})",
            indicator=ind_id,
            value=value,
            unit=unit,
            statedAs=f"{value:,} {unit}",
            about=c["id"],
            date=str(year),
        )


def article(n: int, rng: random.Random, ents: dict, share: list, events: int, ties: list) -> Article:
    """Article number `n`: its shared entities, ties, an initiative, `events` events, statements, statistics."""
    doc_id = f"synth-{n:06d}"
    w = Writer(doc_id, date(2000 + n % 20, 1 + n % 12, 1 + n % 28))
    labels = {e["id"]: e["label"] for kind in ents.values() for e in kind}
    for e in share:
        w.introduce(e, labels)
    c1, c2 = rng.sample(ents["countries"], 2)
    ties.append(
        w.say(
            f"{c1['label']} and {c2['label']} established diplomatic ties in {w.published.year - 30} "
            f"(ref. {doc_id}-ties)",
            id=f"{doc_id}-ties",
            type="DiplomaticTies",
            label=f"{c1['label']} and {c2['label']} ({doc_id})",
            participant=[c1["id"], c2["id"]],
            date=str(w.published.year - 30),
        )
    )
    o, fields = rng.choice(ents["officials"]), rng.sample(FIELDS, 2)
    w.say(
        f"{o['label']} launched an initiative with {c1['label']} on {' and '.join(fields)} (ref. {doc_id}-i)",
        id=f"{doc_id}-i",
        type="Initiative",
        label=f"Initiative of {o['label']} ({doc_id})",
        launchedBy=o["id"],
        field=fields,
        about=c1["id"],
    )
    earlier: list[dict] = []
    for k in range(events):
        event(w, rng, ents, k, earlier, ties)
        if k % 4 == 0:
            extras(w, rng, ents, k)
    title = f"Diplomatic digest number {n}"
    text = w.text(title)
    meta = thing(
        f"synthetic:{doc_id}:1",
        id=doc_id,
        original_file=f"{doc_id}.txt",
        language="en",
        title=title,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        published={
            "value": w.published.isoformat(),
            "quote": f"{w.published:%B} {w.published.day}, {w.published.year}",
        },
    )
    return Article(doc_id, text, meta, tuple(w.things), Path(f"{doc_id}.yaml"))


def articles(events: int, seed: int = 1, progress=None, per_article: int = EVENTS_PER_ARTICLE) -> list:
    """The articles of a corpus with `events` events (`per_article` per article), deterministic from `seed`."""
    rng = random.Random(seed)
    ents = world(rng, events)
    pool = [e for kind in ("countries", "cities", "ministries", "indicators", "officials") for e in ents[kind]]
    count = max(1, -(-events // per_article))
    ties: list[dict] = []
    out: list[Article] = []
    for n in (progress or (lambda x, **_: x))(range(count), desc=f"generate {events} events", unit="article"):
        n_events = min(per_article, events - n * per_article)
        out.append(article(n, rng, ents, pool[n::count], n_events, ties))
    return out


def dataset(arts: list, ontology: Path = paths.ONTOLOGY) -> Dataset:
    """The stated RDF of the articles, made by kg.build's own functions as `kg build` would (no YAML)."""
    return kgbuild.build(ontology=ontology, articles=arts)


def write_seeds(arts: list, folder: Path) -> None:
    """Write each article as seeds files: `<id>.txt` and `<id>.yaml` (JSON, which is YAML)."""
    folder.mkdir(parents=True, exist_ok=True)
    for art in arts:
        (folder / f"{art.doc_id}.txt").write_bytes(art.text.encode())
        data = {"article": dict(art.meta), "things": [dict(t) for t in art.things]}
        (folder / f"{art.doc_id}.yaml").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def main(argv=None) -> None:
    """Write a synthetic seeds folder."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("events", type=int)
    p.add_argument("folder", type=Path)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    write_seeds(articles(args.events, args.seed), args.folder)


if __name__ == "__main__":
    main()
