"""The time limit of a CLI query: how long it may run, and running a call within it."""

import os
import threading

from kg.errors import InputError, QueryTimeout


def within(seconds: float, call, *args):
    """`call(*args)`, or QueryTimeout after `seconds`: the engine cannot be stopped, so the command then exits."""
    outcome: dict = {}

    def work():
        """Keep the call's value or its error."""
        try:
            outcome["value"] = call(*args)
        except BaseException as e:  # handed to the caller's thread
            outcome["error"] = e

    worker = threading.Thread(target=work, daemon=True, name="kg-query")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryTimeout(f"the query ran longer than {seconds:g} s; narrow it down, add a LIMIT or give --timeout")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def time_limit(text: str | None) -> float:
    """The time limit of a CLI query in seconds: --timeout, else KG_QUERY_TIMEOUT, else 5."""
    raw = text if text is not None else os.environ.get("KG_QUERY_TIMEOUT", "5")
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise InputError(f"the query time limit must be a number of seconds above 0, not {raw!r}")
    return seconds
