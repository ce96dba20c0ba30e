"""The gazetteer mined from a corpus (analyzer.gazetteer, ``analyzer gazetteer``, ``--gazetteer``)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from analyzer.cli import main
from analyzer.errors import AnalyzerError
from analyzer.extract.projects import extract_projects
from analyzer.gazetteer import build_gazetteer, read_gazetteer
from analyzer.pipeline import Analyzer
from analyzer.records import Project
from analyzer.segment import make_segmenter
from analyzer.structure import structure

from .conftest import CORPORA

# one province's two years and another province: names seen in two of them are kept
REPORTS = ("shanxi-2025.txt", "shanxi-2026.txt", "hebei-2026.txt")


@pytest.fixture(scope="module")
def mined(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gz") / "gazetteer.tsv"
    assert main(["gazetteer", *(str(CORPORA / r) for r in REPORTS), "-o", str(out)]) == 0
    return out


def test_gazetteer_command_keeps_names_of_two_documents(mined: Path) -> None:
    rows = list(csv.DictReader(mined.open(encoding="utf-8"), delimiter="\t"))
    assert rows, "three reports of two provinces share no name?"
    assert [r["name"] for r in rows] == sorted(r["name"] for r in rows)
    analyzer = Analyzer(framework=None)
    extracted = {r: {p.name: p.type for p in analyzer.analyze(CORPORA / r).projects} for r in REPORTS}
    for row in rows:
        docs = row["documents"].split(",")
        assert len(docs) == int(row["count"]) >= 2
        holders = [r for r in REPORTS if row["name"] in extracted[r]]
        assert len(holders) >= 2, row  # really extracted from two of the reports
        assert row["type"] not in ("place", "org") and len(row["name"]) >= 4
    # a name of one government's two years is in (山西转型综改示范区 in 2025 and 2026)
    both = set(extracted["shanxi-2025.txt"]) & set(extracted["shanxi-2026.txt"])
    assert "山西转型综改示范区" in both & {r["name"] for r in rows}


def test_gazetteer_command_is_deterministic(mined: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.tsv"
    assert main(["gazetteer", *(str(CORPORA / r) for r in reversed(REPORTS)), "-o", str(again)]) == 0
    assert again.read_bytes() == mined.read_bytes()


def test_analyze_with_gazetteer_finds_its_names_and_records_it(mined: Path, tmp_path: Path) -> None:
    names = read_gazetteer(mined)
    out = tmp_path / "shanxi-2026.json"
    assert main(["analyze", str(CORPORA / "shanxi-2026.txt"), "--gazetteer", str(mined), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["config"]["gazetteer"].startswith(f"{len(names)}@")
    found = {p["name"] for p in data["projects"]}
    plain = {p.name for p in Analyzer().analyze(CORPORA / "shanxi-2026.txt").projects}
    assert plain <= found  # the gazetteer only adds


def test_gazetteer_occurrences_are_whole_tokens_and_not_counted() -> None:
    text = "加快建设雄安新区。推动太平洋合作。新建24个雄安新区式园区。雄安新区建设提速。"
    sentences = structure(text).sentences
    tokens = make_segmenter("jieba").tokenize(text)
    found = extract_projects(text, sentences, tokens, gazetteer={"雄安新区": "zone", "太平": "project"})
    by_name = {p.name: p for p in found}
    assert "太平" not in by_name  # inside 太平洋
    starts = sorted(m.start for m in by_name["雄安新区"].mentions)
    assert text.index("24个") + 3 not in starts  # counted: many, not the one
    assert starts[0] == text.index("雄安新区") and starts[-1] == text.rindex("雄安新区")
    for m in by_name["雄安新区"].mentions:
        assert text[m.start : m.end] == m.text


def test_build_gazetteer_merges_copies_and_leaves_out_places_and_categories() -> None:
    zone, place = Project("雄安新区", "zone", ()), Project("保定市", "place", ())
    category = Project("国家技术创新中心", "facility", ())
    docs = [
        ("河北@2025", [zone, place, category]),
        ("河北@2025", [zone]),
        ("河北@2026", [zone, place, category]),
    ]
    entries = build_gazetteer(docs)
    assert [(e.name, e.type, e.documents) for e in entries] == [
        ("雄安新区", "zone", ("河北@2025", "河北@2026"))
    ]
    assert build_gazetteer(docs[:2]) == []  # one document, twice
    with pytest.raises(AnalyzerError, match="min_docs must be at least 1"):
        build_gazetteer(docs, min_docs=0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("名称\t类型\n", "not a gazetteer"),
        ("name\ttype\tdocuments\tcount\n雄安新区\tcity\tx\t2\n", "line 2: expected a name and one of"),
    ],
)
def test_bad_gazetteer_file_is_named(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(AnalyzerError, match=f"{re.escape(str(bad))}.*{message}"):
        read_gazetteer(bad)
    with pytest.raises(AnalyzerError, match=r"missing\.tsv: gazetteer not found"):
        Analyzer(gazetteer=tmp_path / "missing.tsv")
