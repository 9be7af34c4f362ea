"""Every error nerx raises, and the exit codes they map to."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

EXIT_OK = 0
EXIT_RUN_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class NerxError(Exception):
    """A problem the user can cause and fix: reported as one `Error: ...` line."""

    exit_code = EXIT_RUN_ERROR


class UsageError(NerxError):
    """A bad option or argument (exit code 2)."""

    exit_code = EXIT_USAGE


class ModelError(NerxError):
    """A model that cannot be found or loaded."""


class InputError(NerxError):
    """A path that does not exist or cannot be used as input."""


class ArticleError(NerxError):
    """One article that cannot be read; the run goes on without it."""


class OutputError(NerxError):
    """Output that cannot be written: a full disk, a closed device."""


def write_error(error: OSError, where: object) -> OutputError:
    """"no space left on device writing FILE": the one line for an OSError while writing."""
    reason = error.strerror or str(error)
    return OutputError(f"{reason[:1].lower()}{reason[1:]} writing {where}")


def run_errors(items: Iterable[T]) -> Iterator[T]:
    """`items`, an OSError while making them (a Dask worker or connection lost) raised as a
    NerxError, so that it is never taken for an error writing the output."""
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except OSError as e:
            raise NerxError(f"the run failed: {e}") from e
        yield item


class InterruptError(NerxError):
    """Ctrl-C or SIGTERM: exit code 130."""

    exit_code = EXIT_INTERRUPTED
