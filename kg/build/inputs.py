"""Read a seeds folder's files within their limits: bounded in size, UTF-8, and (article texts) plain text.

The limits keep every build bounded in time and memory. Building an article takes time linear in
its size (each quote is found in one pass over the text, kg.build.anchor), but its triples are
validated in one chunk (kg.validate), and the shapes' span checks (a SPARQL SUBSTR of the article
text per span, in shacl-rust as in the stock pyshacl command) take time that grows with the square
of the article: validation takes 8.5 s of CPU per MB at 0.1 MB and 25 s per MB at 0.8 MB
(`python -m bench.bench_build`), so a text of many megabytes would run for many minutes.
"""

import codecs
import os
import re
from pathlib import Path

from kg.errors import InputError

MAX_TEXT_BYTES = 1_000_000  # an article text: about 150,000 words, ten times a long magazine piece; a minute to build
MAX_FACTS_BYTES = 10_000_000  # a facts file
MAX_THINGS = 5_000  # things in one facts file
MAX_DEPTH = 50  # lists and mappings inside each other: the seeds need 6
MAX_VALUES = 1_000_000  # values and keys of a facts file, aliases expanded: a seeds file has 2,400 at most
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # the C0 controls but tab and line feed, and DEL


def read(path: Path, limit: int, fix: str) -> bytes:
    """The bytes of a file of at most `limit` bytes; a bigger file is refused (saying `fix`) without reading it all."""
    try:
        with open(path, "rb") as f:
            raw, size = f.read(limit + 1), os.fstat(f.fileno()).st_size
    except OSError as e:
        raise InputError(f"cannot read it: {e.strerror}", str(path)) from None
    if len(raw) > limit:
        raise InputError(f"the file is {max(size, len(raw)):,} bytes, over the limit of {limit:,}: {fix}", f"{path}:1")
    return raw


def _position(raw, start: int, newline) -> tuple[int, int]:
    """The 1-based line and column of offset `start` in a text or its bytes."""
    line_start = raw.rfind(newline, 0, start) + 1
    return raw.count(newline, 0, start) + 1, start - line_start + 1


def decode(raw: bytes, path: Path) -> str:
    """A file's bytes as UTF-8 text (a UTF-8 byte order mark is kept), or InputError at the first bad byte."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            "the file is UTF-16 or UTF-32 (it starts with its byte order mark): save it as UTF-8", f"{path}:1"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = _position(raw, e.start, b"\n")
        raise InputError(
            f"not UTF-8 text: byte 0x{raw[e.start]:02x} at column {column} ({e.reason}); save the file as UTF-8 "
            "(a binary file is neither a facts file nor an article text)",
            f"{path}:{line}",
        ) from None


def check_plain(text: str, path: Path) -> None:
    """Refuse an article text whose code points would not be the offsets a reader of the file counts."""
    if text.startswith("\ufeff"):
        raise InputError(
            "the text starts with a byte order mark (U+FEFF), which would shift every offset by one: "
            "save it as UTF-8 without BOM, then update `sha256` in its facts file",
            f"{path}:1",
        )
    found = CONTROL.search(text)
    if found is None:
        return
    line, column = _position(text, found.start(), "\n")
    if found.group() == "\r":
        raise InputError(
            "the text has Windows (CRLF) or old Mac (CR) line ends, and every offset would count each CR: "
            f"convert them to LF (`sed -i 's/\\r$//' {path.name}` or `dos2unix {path.name}`), "
            "then update `sha256` in its facts file",
            f"{path}:{line}",
        )
    raise InputError(
        f"control character U+{ord(found.group()):04X} at column {column}: an article text is plain text; "
        "remove it, then update `sha256` in its facts file",
        f"{path}:{line}",
    )
