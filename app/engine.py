"""What the routes share: the child processes that run queries, the answer cache and the settings they need.

Each server worker has query processes of two kinds: `users` (QUERY_PROCESSES of them) answer the
queries clients send (/sparql and the canned queries), in fair turns between clients (app.fair);
`runner` answers the server's own queries (pages, the service description), so a page never waits
behind a user's slow query. /healthz and cached answers use none.
"""

from flask import current_app, has_request_context, request

from app.cache import AnswerCache, request_key
from app.errors import check
from app.fair import FairQueue
from kg.query.results import Result
from kg.query.runner import Answer, Limits, Outcome, Request, Runner, spec_of

REMOTE_GRACE = 2.0  # a remote store times out by itself first; the child is stopped only if that fails
PER_CLIENT = 2  # queries one client may have waiting per server worker
RESPONSE_SHARE = 4  # CACHE_BYTES / this keeps whole responses (app.cache.ResponseCache), the rest formatted answers


class Engine:
    """The query runners, the fair queue and the answer cache of one server worker."""

    def __init__(self, settings: dict):
        remote = settings["STORE"] == "remote"
        spec = spec_of(settings)
        seconds = settings["QUERY_TIMEOUT"] + (REMOTE_GRACE if remote else 0.0)
        memory = 0 if remote else settings["QUERY_MEMORY"]
        self.runner = Runner(spec, Limits(seconds, memory))
        slots = settings["QUERY_PROCESSES"]
        self.users = [Runner(spec, Limits(seconds, memory)) for _ in range(slots)]
        self.queue = FairQueue(settings["QUEUE_LENGTH"], PER_CLIENT, settings["QUERY_TIMEOUT"], slots)
        self.cache = AnswerCache(settings["CACHE_BYTES"] - settings["CACHE_BYTES"] // RESPONSE_SHARE)
        self.immutable = not remote
        self.row_limit, self.max_age = settings["ROW_LIMIT"], settings["CACHE_MAX_AGE"]

    def start(self) -> None:
        """Start loading the store in the background: in the pages' process and the first clients' one; the
        other clients' processes start when queries first come at the same time (a pool that grows to its size)."""
        for runner in (self.runner, self.users[0]):
            runner.start()

    def stop(self) -> None:
        """Stop the query processes."""
        for runner in (self.runner, *self.users):
            runner.stop()

    def problem(self) -> str | None:
        """None when the store is loaded and sound, else what is wrong; without waiting for any query."""
        return self.runner.problem()

    def key(self, *parts) -> str | None:
        """The cache key and ETag of an answer: the data's digest and the request; None if data may change."""
        if not self.immutable:
            return None
        return request_key(self.runner.ready()["digest"], *parts)

    def answer(self, req: Request, key: str | None) -> Answer:
        """The formatted answer to a request, from the cache when it has it."""
        cached = self.cache.get(key) if key else None
        if cached is not None:
            return cached
        client = (request.remote_addr or "") if has_request_context() else ""
        with self.queue.turn(client) as slot:
            answer = self.users[slot].run(req)
        if key and answer.outcome == Outcome.OK:
            self.cache.put(key, answer)
        return answer

    def result(self, sparql: str, bindings: dict | None = None) -> Result:
        """The Result of one of the server's own queries (for pages and the service description; no row limit)."""
        result = check(self.runner.run(Request(sparql, bindings or {}, raw=True))).result
        assert result is not None  # a raw request's answer holds its Result
        return result

    def request_key(self, req: Request) -> str | None:
        """The cache key of a query request."""
        bindings = sorted((k, v.n3()) for k, v in req.bindings.items())
        types = (req.select_type, req.ask_type, req.graph_type)
        return self.key(req.sparql, bindings, req.graphs, types, req.limit, req.base_iri)


def engine() -> Engine:
    """The current application's engine."""
    return current_app.extensions["kg"]
