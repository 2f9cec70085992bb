"""The endpoint's settings: the README's defaults, KG_* variables over them, code over both; bad ones refused."""

import re
from pathlib import Path

import pytest

from app.config import DEFAULTS, cors_origins, load
from kg import paths
from kg.errors import InputError
from tests.helpers import README

ROWS = re.findall(r"^\| ((?:`KG_\w+`(?:, )?)+) \|([^|]*)\|", README.read_text(encoding="utf-8"), re.M)


def readme_defaults() -> dict:
    """Each KG_ variable of the README's configuration table, with the default the table gives it."""
    table = {}
    for names, defaults in ROWS:
        names = re.findall(r"`(KG_\w+)`", names)
        table.update(zip(names, defaults.split(",") if len(names) > 1 else [defaults], strict=True))
    return {name: cell.strip().strip("`") for name, cell in table.items()}


def states(cell: str, value) -> bool:
    """Whether a cell of the README's table states this default value."""
    if isinstance(value, str):
        return Path(value) in (Path(cell), paths.DATA / cell) if value else cell in ("", "(off)", "(in memory)")
    number = float(re.match(r"[\d.]+", cell)[0]) * (2**20 if "MiB" in cell else 1)
    return number == value


def test_every_setting_is_in_the_readme_with_its_default():
    documented = readme_defaults()
    assert set(documented) == {f"KG_{key}" for key in DEFAULTS}
    settings = load(environ={})
    for key in DEFAULTS:
        assert states(documented[f"KG_{key}"], settings[key]), f"README: KG_{key} defaults to {settings[key]!r}"
    assert cors_origins(settings) == []


def test_environment_overrides_defaults_and_code_overrides_both():
    env = {"KG_QUERY_TIMEOUT": "2.5", "KG_ROW_LIMIT": "50", "KG_CORS_ORIGINS": "https://a.example, https://b.example"}
    settings = load({"ROW_LIMIT": 7}, environ=env)
    assert settings["QUERY_TIMEOUT"] == 2.5 and settings["ROW_LIMIT"] == 7
    assert cors_origins(settings) == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize(
    "env,message",
    [
        ({"KG_STORE": "neo4j"}, "KG_STORE must be one of oxigraph, rdflib, remote"),
        ({"KG_STORE": "remote"}, "needs KG_REMOTE_URL"),
        ({"KG_QUERY_TIMEOUT": "soon"}, "KG_QUERY_TIMEOUT must be a number"),
        ({"KG_ROW_LIMIT": "0"}, "KG_ROW_LIMIT must be more than 0"),
        ({"KG_DUMP": "/nonexistent"}, "run `kg build`"),
        ({"KG_STORE": "rdflib", "KG_STORE_DIR": "/tmp/store"}, "does not apply to KG_STORE=rdflib"),
    ],
)
def test_bad_settings_are_refused_saying_how_to_fix_them(env, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        load(environ=env)
