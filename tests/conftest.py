"""Shared fixtures: the bundled corpus, its gold annotations and loaded reports (cached per session)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
GOLD = ROOT / "tests" / "gold"
SHARED = ROOT.parent / "shared"

SEED = CORPORA / "xinghualing-2024.txt"
ALL_TXT = sorted(CORPORA.glob("*.txt"))


@functools.cache
def analyzed(name: str, segmenter: str = "jieba"):
    """The analysis of corpora/<name>.txt (cached: reports are analysed once per test session)."""
    from analyzer import Analyzer

    return Analyzer(segmenter=segmenter).analyze(CORPORA / f"{name}.txt")


@functools.cache
def gold(name: str) -> dict:
    return json.loads((GOLD / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
