"""Keep IINs out of logs and error bodies (pure: the standard library only).

An IIN is 12 digits. Anything that looks like one — 12 digits not part of a longer run of
digits — is replaced by ``[IIN]`` before a log record is written or an error body leaves
the server. False positives (another 12-digit number) cost a little readability; a false
negative would leak a citizen's identifier, so the rule is deliberately blunt.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

IIN_PATTERN = re.compile(r"(?<!\d)\d{12}(?!\d)")
IIN_BYTES_PATTERN = re.compile(rb"(?<!\d)\d{12}(?!\d)")
MASK = "[IIN]"


def redact_text(text: str) -> str:
    return IIN_PATTERN.sub(MASK, text)


def redact_bytes(data: bytes) -> bytes:
    return IIN_BYTES_PATTERN.sub(MASK.encode("ascii"), data)


def contains_iin_like(text: str) -> bool:
    return IIN_PATTERN.search(text) is not None


class RedactIinFilter(logging.Filter):
    """A handler filter: formats the record once, redacts message, arguments, traceback and stack.

    The record is rewritten in place (``msg`` becomes the redacted final message, ``args`` empty,
    the traceback becomes redacted ``exc_text`` and ``exc_info`` is dropped) so no later
    handler or formatter can render the original values.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            message = f"{record.msg!s} {record.args!r}"
        record.msg = redact_text(message)
        record.args = ()
        if record.exc_info and record.exc_info[0] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text = redact_text(text)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        for name in ("request_path", "path"):
            value: Any = record.__dict__.get(name)
            if isinstance(value, str):
                record.__dict__[name] = redact_text(value)
        return True
