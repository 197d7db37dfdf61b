"""Errors with stable codes and exit codes (click's pattern: exit codes are class data).

The domain layers raise these; only the CLI turns them into a line on stderr and an exit code.
"""

from __future__ import annotations


class RoadmapError(Exception):
    """Base of every error the tool reports on purpose."""

    code = "E_INTERNAL"
    exit_code = 1

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class InputError(RoadmapError):
    """The input cannot be read: missing, unsupported, corrupt, encrypted or unsafe."""

    code = "E_READ"
    exit_code = 3


class MissingInput(InputError):
    """The path does not exist or is not a regular file."""

    code = "E_MISSING"


class UnsupportedInput(InputError):
    """The content is not a format we read."""

    code = "E_FORMAT"


class EmptyInput(InputError):
    """The file has no bytes."""

    code = "E_EMPTY"


class CorruptInput(InputError):
    """The file claims a format but its content is broken or truncated."""

    code = "E_CORRUPT"


class EncryptedInput(InputError):
    """The file is encrypted with a password we do not have."""

    code = "E_ENCRYPTED"


class UnsafeInput(InputError):
    """The file is built to harm a reader: a zip bomb, external XML entities."""

    code = "E_UNSAFE"


class LimitExceeded(InputError):
    """The input needs more than a limit allows (time, memory, size)."""

    code = "E_LIMIT"


class OutOfTime(LimitExceeded):
    code = "E_TIMEOUT"


class OutOfMemory(LimitExceeded):
    code = "E_MEMORY"


class NoRoadmap(RoadmapError):
    """The input was read, but it holds no table of measures."""

    code = "E_NO_ROADMAP"
    exit_code = 4


class NotRussian(NoRoadmap):
    """The input was read, but its text is not Russian."""

    code = "E_LANGUAGE"


class OutputInvalid(RoadmapError):
    """Our own output failed validation against the schema: a bug, reported as data."""

    code = "E_SCHEMA"
    exit_code = 5


class OutputError(RoadmapError):
    """Our output cannot be written: a read-only or missing folder, a name the filesystem refuses."""

    code = "E_OUTPUT"
    exit_code = 6


class DiskFull(OutputError):
    """The disk (or the file size limit) is full: nothing half-written is kept."""

    code = "E_DISK_FULL"


class CatalogError(OutputError):
    """The catalog cannot be opened or reached: an unknown URL scheme, a missing driver, no server."""

    code = "E_CATALOG"


def subclasses(cls: type[RoadmapError]) -> list[type[RoadmapError]]:
    return [cls] + [c for sub in cls.__subclasses__() for c in subclasses(sub)]


BY_CODE = {cls.code: cls for cls in subclasses(RoadmapError)}


def error_class(code: str | None) -> type[RoadmapError] | None:
    """The class a stable code names (records keep codes, not classes); None for a code that is no
    class of ours (E_CRASH: the worker died; E_BUG: our code failed)."""
    return BY_CODE.get(code) if code else None


EXIT_CODES = {
    0: "JSON written (status ok or partial)",
    1: "bug: an unexpected exception (traceback shown)",
    2: "usage error",
    3: "input missing, unsupported, empty, corrupt, encrypted or unsafe, or over a time or memory limit",
    4: "input readable, but no roadmap found (the JSON with what was found is still written when there is text)",
    5: "our output failed schema validation",
    6: "output not written: disk full, folder not writable, catalog unreachable or unknown",
}
