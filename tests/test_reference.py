"""docs/reference.md lists every public name and every CLI command."""

from __future__ import annotations

from pathlib import Path

import analyzer
from analyzer.cli import build_parser

REFERENCE = (Path(__file__).resolve().parent.parent / "docs" / "reference.md").read_text(encoding="utf-8")


def test_every_public_name_is_documented() -> None:
    missing = [name for name in analyzer.__all__ if f"`analyzer.{name}" not in REFERENCE]
    assert not missing


def test_every_cli_command_is_documented() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    missing = [name for name in sub.choices if f"`analyzer {name}`" not in REFERENCE]
    assert not missing
