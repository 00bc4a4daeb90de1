"""What a logger says while a piece of work runs, kept as text: warnings and errors only.

Why: two places turn log records into a reader's message. The PDF's typesetting treats any WeasyPrint warning as a
problem (as `strict: true` does for the pages), and `make serve` shows a failed rebuild's messages in the browser.
Both attach a handler for the length of the work and take it off again, whatever happens.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator


class _Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def warnings_of(logger: str) -> Iterator[list[str]]:
    """The messages (WARNING and above) that `logger` and its children log inside the block, in order."""
    kept, log = _Kept(), logging.getLogger(logger)
    log.addHandler(kept)
    try:
        yield kept.messages
    finally:
        log.removeHandler(kept)
