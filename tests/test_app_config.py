"""The endpoint's settings: defaults, KG_* environment variables over them, code over both; bad ones refused."""

import pytest

from app.config import DEFAULTS, cors_origins, load
from kg.errors import InputError


def test_defaults_are_the_documented_ones():
    settings = load(environ={})
    assert (settings["STORE"], settings["QUERY_TIMEOUT"], settings["ROW_LIMIT"]) == ("oxigraph", 5.0, 10000)
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


def test_every_setting_has_a_default_of_its_type():
    assert all(isinstance(v, (str, int, float)) for v in DEFAULTS.values())
