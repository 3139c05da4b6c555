"""Reading files a hostile user may have made, with every cost bounded: the file must be a regular file (a
FIFO would block, a device never ends), a line is read at most MAX_LINE bytes at a time (a longer one is
skipped in chunks and reported, never held whole), and a compressed file may not grow past DECOMPRESSED_RATIO
times its size (a gzip bomb is stopped early, with its reason, not by running out of memory)."""

import os
import stat
from pathlib import Path

SKIP_CHUNK = 1024 * 1024
DECOMPRESSED_RATIO = 50  # news text compresses 3-10x; 10 GB of zeros in a 47 MB .gz is 214x
DECOMPRESSED_FLOOR = 256 * 1024 * 1024  # a small archive may still hold this much, at any ratio


class NotRegular(OSError):
    pass


class TooLarge(OSError):
    pass


def regular_file_problem(path: Path) -> str | None:
    """Why `path` is not a file to read (a FIFO, a device, a socket, a folder), or None. Checked before
    opening: opening a FIFO blocks until someone writes to it."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return error.strerror or str(error)
    if stat.S_ISREG(mode):
        return None
    kind = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "not a regular file"
    )
    return f"{kind}, not a regular file"


def read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, or TooLarge past `limit` bytes (read no further than that, whatever stat says)."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"over the {limit:,}-byte limit for one article")
    return data


class Lines:
    """The lines of a binary stream as (number, line or None, length): None for a line over `limit` bytes,
    which is skipped without being held in memory. With `budget` (bytes), a stream that yields more raises
    TooLarge."""

    def __init__(self, handle, limit: int, budget: int | None = None):
        self.handle, self.limit, self.budget, self.read = handle, limit, budget, 0

    def _readline(self, size: int) -> bytes:
        line = self.handle.readline(size)
        self.read += len(line)
        if self.budget is not None and self.read > self.budget:
            raise TooLarge(
                f"it decompresses to over {self.budget:,} bytes, {DECOMPRESSED_RATIO} times its "
                "size or more: not an archive of articles (a compression bomb?)"
            )
        return line

    def __iter__(self):
        number = 0
        while line := self._readline(self.limit + 1):
            number += 1
            if len(line) <= self.limit or line.endswith(b"\n"):
                yield number, line, len(line)
                continue
            length = len(line)
            while (rest := self._readline(SKIP_CHUNK)) and not rest.endswith(b"\n"):
                length += len(rest)
            yield number, None, length + len(rest)


def decompressed_budget(path: Path) -> int:
    return max(DECOMPRESSED_FLOOR, DECOMPRESSED_RATIO * os.stat(path).st_size)
