"""Forbid the current process any network connection, so no query can reach out (SERVICE, remote FROM, LOAD).

A seccomp filter makes the kernel refuse `socket()` for IPv4 and IPv6 with ENONET ("Machine is not on
the network"); local pipes and Unix sockets still work. It binds native code too (pyoxigraph's SERVICE
client is Rust), and it cannot be undone by the process. Linux only, through libseccomp.
"""

import errno
import socket

BLOCKED_ERRNO = errno.ENONET


def block_network() -> str | None:
    """Install the filter; None when the kernel enforces it, else why it could not be installed."""
    try:
        import pyseccomp as seccomp

        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for family in (socket.AF_INET, socket.AF_INET6):
            rules.add_rule(seccomp.ERRNO(BLOCKED_ERRNO), "socket", seccomp.Arg(0, seccomp.EQ, family))
        rules.load()
    except Exception as e:  # no libseccomp, not Linux, or a kernel without seccomp
        return f"{type(e).__name__}: {e}"
    return None


def is_blocked(error: BaseException) -> bool:
    """Whether an error comes from a connection the filter refused: by its errno (Python's own sockets, also
    wrapped as a URLError's reason or an exception's cause), else by the message of pyoxigraph's
    Rust client, which gives an OSError without an errno ("... (os error 64)")."""
    seen = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if getattr(current, "errno", None) == BLOCKED_ERRNO or f"(os error {BLOCKED_ERRNO})" in str(current):
            return True
        reason = getattr(current, "reason", None)
        current = reason if isinstance(reason, BaseException) else current.__cause__ or current.__context__
    return False
