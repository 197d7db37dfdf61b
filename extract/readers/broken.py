"""One short line saying why a library could not read a file, for CorruptInput messages."""

from __future__ import annotations

MAX_REASON = 160  # characters of the library's own message kept: the error stays one readable line


def why(exc: BaseException) -> str:
    """«TypeName: message», on one line and cut short (lxml and pdfminer messages can run long)."""
    text = " ".join(str(exc).split())
    if len(text) > MAX_REASON:
        text = text[: MAX_REASON - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
