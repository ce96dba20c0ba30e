"""Errors raised by analyzer.

Every error a user can cause (a bad file, an unknown option) is an :class:`AnalyzerError` whose
message is one line that names the file or parameter and the problem.  The CLI prints that line
and exits non-zero; it never shows a traceback for these.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any


class AnalyzerError(Exception):
    """Base class of every error analyzer raises on purpose."""


class LoadError(AnalyzerError):
    """A report file cannot be read: missing, empty, binary, undecodable, corrupt, too large."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ConfigError(AnalyzerError, ValueError):
    """An option has a value that is not allowed."""


class OutputError(AnalyzerError):
    """An output cannot be written (unwritable folder, full disk, ...)."""


def check_choice(name: str, value: Any, allowed: Iterable[str]) -> str:
    """Return *value* if it is one of *allowed*, else raise a :class:`ConfigError` naming them.

    >>> check_choice("segmenter", "jieba", ("jieba", "pkuseg"))
    'jieba'
    >>> check_choice("segmenter", "jeiba", ("jieba", "pkuseg"))
    Traceback (most recent call last):
    ...
    analyzer.errors.ConfigError: segmenter must be one of 'jieba', 'pkuseg'; got 'jeiba'.
    """
    allowed = tuple(allowed)
    if value not in allowed:
        names = ", ".join(repr(a) for a in allowed)
        raise ConfigError(f"{name} must be one of {names}; got {value!r}.")
    return str(value)
