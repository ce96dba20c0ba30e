"""六地 positioning: the framework as data, citations, links, and the seed's positioning gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import analyzer
from analyzer.errors import AnalyzerError
from analyzer.evaluate import score
from analyzer.positioning import find_citations, load_framework, parse_framework

from .conftest import analyzed, gold


def test_framework_is_versioned_data() -> None:
    fw = load_framework("taiyuan-liudi")
    assert [p.id for p in fw.positions] == [
        "manufacturing",
        "energy",
        "services",
        "culture_tourism",
        "opening",
        "livelihood",
    ]
    assert fw.version and fw.source and all(p.name and p.description and p.terms for p in fw.positions)
    assert fw.position("livelihood").name == "全省民生幸福首善地"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x"}, "lacks"),
        ({"name": "x", "version": "1", "description": "d", "source": "s", "positions": []}, "no positions"),
        (
            {
                "name": "x",
                "version": "1",
                "description": "d",
                "source": "s",
                "positions": [{"id": "A b", "name": "n"}],
            },
            "not a lower-case identifier",
        ),
    ],
)
def test_bad_frameworks_are_refused(data, message: str) -> None:
    with pytest.raises(AnalyzerError, match=message):
        parse_framework(data, source="fw.json")


def test_seed_primary_positions_meet_the_gold() -> None:
    result = score(gold("xinghualing-2024.positioning.json"), analyzed("xinghualing-2024").to_dict())[0]
    assert result.recall == 1.0, result.missed  # every gold item was found
    assert result.precision >= 0.90, (result.line(), result.unmatched)


def test_seed_cites_the_positions_it_names() -> None:
    report = analyzed("xinghualing-2024")
    cited = {c.id for c in report.extras["citations"] if c.id}
    assert cited == {"manufacturing", "energy", "services", "culture_tourism", "opening", "livelihood"}
    text = report.document.text
    for c in report.extras["citations"]:
        assert text[c.start : c.end] == c.text


def test_explicit_links_carry_their_evidence() -> None:
    report = analyzed("xinghualing-2024")
    for item in (*report.commitments, *report.projects):
        for link in item.positions:
            assert link.method in ("explicit", "section", "similarity")
            assert 0 < link.confidence <= 1 and link.evidence


def test_reports_of_other_governments_get_no_forced_links() -> None:
    report = analyzed("cn-state-council-2024")
    assert report.extras.get("framework") is None
    assert all(not c.positions for c in report.commitments)


def test_a_framework_file_of_the_same_format_is_taken(tmp_path: Path) -> None:
    data = {
        "name": "national-test",
        "version": "1",
        "description": "two positions for a test",
        "source": "written for this test",
        "positions": [
            {
                "id": "growth",
                "name": "经济增长",
                "description": "经济增长 国内生产总值",
                "terms": ["国内生产总值", "增长"],
            },
            {"id": "jobs", "name": "就业优先", "description": "就业", "terms": ["就业", "失业率"]},
        ],
    }
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = analyzer.Analyzer(framework=str(path)).analyze(
        "今年国内生产总值增长5%左右。城镇新增就业1200万人以上。"
    )
    primary = {c.object: c.positions[0].id for c in report.commitments if c.positions}
    assert primary.get("国内生产总值增长") == "growth"
    assert any(v == "jobs" for k, v in primary.items() if "就业" in k)


def test_statements_of_unknown_positions_are_reported() -> None:
    from analyzer.records import Sentence

    fw = load_framework()
    s = Sentence("s1", None, "p1", 0, 22, "锚定“六地”发展定位，建设“国家先进制造业重要承载地”。")
    found = find_citations(fw, [s])
    assert [(c.id, c.text) for c in found] == [(None, "六地"), ("manufacturing", "国家先进制造业重要承载地")]


def test_auto_framework_follows_the_government_without_a_manifest(tmp_path: Path) -> None:
    # The seed's text names only 杏花岭区 (no 太原市); the framework lists 太原's districts.
    from .conftest import SEED

    copy = tmp_path / "report.txt"
    copy.write_bytes(SEED.read_bytes())
    report = analyzer.analyze(copy)
    assert report.document.region == "杏花岭区"
    assert report.extras["framework"].name == "taiyuan-liudi"


def test_a_manifest_with_a_filename_column_is_read(tmp_path: Path) -> None:
    (tmp_path / "MANIFEST.tsv").write_text(
        "filename\tgovernment\tyear\nr.txt\t太原市杏花岭区人民政府\t2024\n", encoding="utf-8"
    )
    (tmp_path / "r.txt").write_text("今年新建5个口袋公园。", encoding="utf-8")
    doc = analyzer.analyze(tmp_path / "r.txt").document
    assert (doc.government, doc.year) == ("太原市杏花岭区人民政府", 2024)
