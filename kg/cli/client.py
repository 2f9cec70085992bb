"""A client's socket as kg's server worker (`kg.cli.worker`) uses it, and the request being read from it.

The worker's main loop reads a request into `Client.received` without waiting until `request_state` says it
is whole; a thread then answers it through the same socket, whose reads wait no later than the request's
deadline and whose writes never wait: what the socket does not take at once is kept in `Client.outbox` for
the main loop to send.
"""

import contextlib
import errno
import re
import socket
import time
from collections import deque

HEAD_LIMIT = 64 * 1024
WHOLE, PARTIAL, HEAD_OVER = "whole", "partial", "head over the limit"  # the states of a request being read
_LENGTH = re.compile(rb"\r\ncontent-length[ \t]*:[ \t]*(\d+)", re.IGNORECASE)
_CHUNKED = re.compile(rb"\r\ntransfer-encoding[ \t]*:[^\r\n]*chunked", re.IGNORECASE)
ERROR_HEADERS = "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"  # on every error answer


def _reply(status: str, detail: str) -> bytes:
    """A whole plain-text HTTP answer that closes the connection."""
    body = f"{status}: {detail}\n".encode()
    head = f"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
    return (head + f"{ERROR_HEADERS}Connection: close\r\n\r\n").encode() + body


def write_error(sock, status: int, reason: str, detail: str) -> None:
    """gunicorn's own error answers (400 for a malformed request, 414, 431, ...) in the app's text shape."""
    sock.sendall(_reply(f"{status} {reason}", detail))


TOO_SLOW = _reply("408 Request Timeout", "the request did not arrive in time; send it at once")
HEAD_TOO_LARGE = _reply("431 Request Header Fields Too Large", f"the request head is over {HEAD_LIMIT} bytes")


class SlowClient(ConnectionResetError):
    """A client that did not send its request by its deadline: gunicorn drops it as a reset connection."""


def _chunks_end(data: bytearray, at: int) -> bool:
    """Whether a chunked body starting at `at` is complete (or malformed, for the parser to refuse)."""
    while (eol := data.find(b"\r\n", at)) >= 0:
        try:
            size = int(bytes(data[at:eol]).split(b";")[0], 16)
        except ValueError:
            return True
        if size == 0:
            return data.find(b"\r\n\r\n", eol) >= 0
        at = eol + 2 + size + 2
    return False


def request_state(data: bytearray, body_limit: int) -> str:
    """WHOLE once a request has come: its head, and its body unless that is over the limit (the application
    refuses such a body unread, or after reading just past the limit); else PARTIAL, or HEAD_OVER."""
    end = data.find(b"\r\n\r\n", 0, HEAD_LIMIT)
    if end < 0:
        return HEAD_OVER if len(data) > HEAD_LIMIT else PARTIAL
    head, body = bytes(data[: end + 2]), len(data) - end - 4
    if length := _LENGTH.search(head):
        whole = body >= int(length[1]) or int(length[1]) > body_limit
    elif _CHUNKED.search(head):
        whole = body > body_limit or _chunks_end(data, end + 4)
    else:
        whole = True
    return WHOLE if whole else PARTIAL


class Client(socket.socket):
    """A client's socket: a thread's reads wait no later than the request's deadline, and its writes never
    wait: what the socket does not take at once is kept in `outbox` for the main loop to send."""

    __slots__ = ("deadline", "received", "outbox")

    def __init__(self, sock: socket.socket):
        super().__init__(fileno=sock.detach())
        self.deadline = 0.0
        self.received = bytearray()  # the request so far, while the main loop reads it
        self.outbox: deque[memoryview] = deque()

    def recv(self, size: int, flags: int = 0) -> bytes:
        """Read, waiting until the deadline at most (not at all once it has passed)."""
        self.settimeout(max(self.deadline - time.monotonic(), 0.0))
        try:
            return super().recv(size, flags)
        except (TimeoutError, BlockingIOError):
            raise SlowClient(errno.ECONNRESET, "the client did not send its request in time") from None

    def take(self) -> bytes:
        """What the client has sent so far (b"" once it has closed); BlockingIOError if nothing new."""
        self.setblocking(False)
        return super().recv(65536)

    def sendall(self, data, flags: int = 0) -> None:
        """Send what the socket takes now and keep the rest for the main loop."""
        view = memoryview(data).cast("B")
        if not self.outbox:
            view = view[self._send_now(view) :]
        if view:
            self.outbox.append(view)

    def send(self, data, flags: int = 0) -> int:
        """As sendall: gunicorn sends `100 Continue` with it."""
        self.sendall(data)
        return len(data)

    def flush(self) -> bool:
        """Send what the socket takes of the kept rest now; whether everything is sent."""
        while self.outbox:
            sent = self._send_now(self.outbox[0])
            if sent < len(self.outbox[0]):
                self.outbox[0] = self.outbox[0][sent:]
                return False
            self.outbox.popleft()
        return True

    def _send_now(self, view: memoryview) -> int:
        """How many bytes of `view` the socket took without waiting."""
        self.setblocking(False)
        sent = 0
        try:
            while sent < len(view):
                sent += super().send(view[sent:])
        except BlockingIOError:
            pass
        return sent

    def close(self) -> None:
        """Close; a client whose request was cut off by its deadline is told so first."""
        if self.received:
            self.received.clear()
            self.refuse(TOO_SLOW)
        super().close()

    def refuse(self, reply: bytes) -> None:
        """Send a short answer if the socket takes it now (the connection is closed next)."""
        with contextlib.suppress(OSError):
            self._send_now(memoryview(reply))
