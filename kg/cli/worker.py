"""The server's worker: gunicorn's threaded worker (gthread), changed so that no thread ever waits on a client.

gthread gives a connection to a thread as soon as its first byte comes; the thread then reads the request
head and body from the socket and writes the answer, waiting as long as the client takes. A client that
sends its head a line at a time (slowloris), its body slowly, or does not read its answer holds a thread,
and a few such clients hold them all. This worker instead

- reads each request (its head, and its body up to KG_MAX_REQUEST_BYTES) in its main loop without waiting,
  and gives it to a thread only when it is complete; a client that has not sent it within KG_CLIENT_TIMEOUT
  seconds is answered 408 and disconnected, a head over 64 KiB gets 431;
- lets a thread write only what the socket takes at once: the main loop sends the rest, and disconnects a
  client that has not taken its whole answer within KG_SEND_TIMEOUT seconds.

- closes connections gracefully (reading what the client still sends for a moment) in the main loop too.

What a thread still reads from a client (a chunked body past the limit, which the application refuses with
413) stops at the request's deadline; the rest of a body the application did not read is not waited for:
the connection closes after the answer instead of being kept alive.
"""

import selectors
import socket
import time
from functools import partial

from gunicorn import util as gunicorn_util
from gunicorn.workers.gthread import TConn, ThreadWorker

from kg.cli.client import HEAD_OVER, HEAD_TOO_LARGE, PARTIAL, WHOLE, Client, SlowClient, request_state, write_error

LINGER = 2.0  # seconds a closing connection reads what its client still sends, as gunicorn's close_graceful


class Conn(TConn):
    """gthread's connection, whose graceful close (RFC 9112 9.6) its worker's main loop does without waiting."""

    def __init__(self, worker: "Worker", *args) -> None:
        super().__init__(*args)
        self.worker = worker

    def close(self, graceful: bool = False) -> None:
        """Close now, or gracefully: stop sending and let the worker read what comes for a while."""
        if graceful and self.sock.fileno() >= 0:
            self.worker.linger(self)
        else:
            super().close()


class Worker(ThreadWorker):
    """gthread whose threads never wait on a client: see the module's docstring. `limited` gives the class
    with the server's settings."""

    client_timeout: float  # set by `limited`
    send_timeout: float
    body_limit: int

    @classmethod
    def limited(cls, settings: dict) -> type["Worker"]:
        """This worker with the limits of these settings (KG_CLIENT_TIMEOUT, KG_SEND_TIMEOUT, KG_MAX_REQUEST_BYTES)."""
        limits = {
            "client_timeout": settings["CLIENT_TIMEOUT"],
            "send_timeout": settings["SEND_TIMEOUT"],
            "body_limit": settings["MAX_REQUEST_BYTES"],
        }
        return type(cls.__name__, (cls,), limits)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sending: dict[TConn, float] = {}  # connections whose answers the main loop sends: their deadlines
        self.lingering: dict[TConn, float] = {}  # connections being closed: when to close them at the latest

    def init_process(self) -> None:
        """Start the worker, its HTTP errors written by `write_error` (gunicorn has no setting for them)."""
        gunicorn_util.write_error = write_error
        super().init_process()

    def accept(self, listener):
        """Accept a connection and wait in the main loop for its request."""
        try:
            sock, client = listener.accept()
        except (BlockingIOError, ConnectionAbortedError, InterruptedError):
            return
        self.nr_conns += 1
        self._await_request(Conn(self, self.cfg, Client(sock), client, listener.getsockname()))

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection's next request begins: the main loop reads it too."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._await_request(conn)

    def _await_request(self, conn) -> None:
        """Read the connection's next request in the main loop, for the client timeout at most."""
        conn.timeout = conn.sock.deadline = time.monotonic() + self.client_timeout
        conn.data_ready = True  # a thread never waits for the first byte
        self.pending_conns.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._receive, conn))

    def _receive(self, conn, client) -> None:
        """Take what the client sent; give the request to a thread once it is whole."""
        sock = conn.sock
        try:
            data = sock.take()
        except BlockingIOError:
            return
        except OSError:
            data = b""
        sock.received += data
        state = request_state(sock.received, self.body_limit) if data else None
        if state == PARTIAL:
            return
        self.poller.unregister(client)
        self.pending_conns.remove(conn)
        if state == WHOLE:
            conn.init()
            conn.parser.unreader.unread(bytes(sock.received))
            sock.received.clear()
            self.enqueue_req(conn)
            return
        if state == HEAD_OVER:
            sock.received.clear()
            sock.refuse(HEAD_TOO_LARGE)
        self._drop(conn)

    def finish_request(self, conn, fs):
        """Once a thread is done: send the rest of its answer from the main loop, then go on as gthread does."""
        if conn.sock.outbox and conn.sock.fileno() >= 0:
            self.sending[conn] = time.monotonic() + self.send_timeout
            self.poller.register(conn.sock, selectors.EVENT_WRITE, partial(self._send_rest, conn, fs))
            return
        conn.sock.deadline = 0.0  # a thread reads no more from this client without waiting: a pipelined request
        super().finish_request(conn, fs)  # must have come whole

    def _keepalive_after(self, conn, keepalive):
        """Keep a connection only if the rest of its request's body (one the application did not read) has come."""
        conn.sock.deadline = 0.0
        try:
            return super()._keepalive_after(conn, keepalive)
        except SlowClient:
            return False

    def linger(self, conn) -> None:
        """Close a connection gracefully without waiting: stop sending, read and drop what the client still sends
        (so that closing does not reset the answer away before the client has read it), close at EOF or LINGER."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            TConn.close(conn)
            return
        self.lingering[conn] = time.monotonic() + LINGER
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._drain, conn))

    def _drain(self, conn, client) -> None:
        """Drop what a closing connection's client sent; close it once the client has closed its side."""
        try:
            if conn.sock.take():
                return
        except BlockingIOError:
            return
        except OSError:
            pass
        self._close_lingering(conn)

    def _close_lingering(self, conn) -> None:
        self.poller.unregister(conn.sock)
        del self.lingering[conn]
        TConn.close(conn)

    def _send_rest(self, conn, fs, client) -> None:
        """Send what the socket takes of the answer's rest; when all is sent, finish the request."""
        try:
            done = conn.sock.flush()
        except OSError:
            done = None
        if done is False:
            return
        self.poller.unregister(client)
        del self.sending[conn]
        if done:
            self.finish_request(conn, fs)
        else:
            self._drop(conn)

    def murder_pending(self):
        """Close the connections past their deadlines: to send a request, to take an answer, to close."""
        super().murder_pending()
        now = time.monotonic()
        for conn in [conn for conn, deadline in self.sending.items() if deadline <= now]:
            self.poller.unregister(conn.sock)
            del self.sending[conn]
            self._drop(conn)
        for conn in [conn for conn, deadline in self.lingering.items() if deadline <= now]:
            self._close_lingering(conn)

    def _drop(self, conn) -> None:
        """Close a connection at once."""
        self.nr_conns -= 1
        conn.close()
