"""Numeric commitments and achieved results: real sentences, gold thresholds, invariants."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer import LoadError, analyze
from analyzer.evaluate import score
from analyzer.segment import SEGMENTERS

from .conftest import GOLD, analyzed, gold

# Real sentences (cited by report) -> expected records (status, action, object fragment, value, unit, bound).
CASES = [
    (  # henan-2026, plan part
        "实施外贸主体培育工程，加快内外贸一体化发展，新增有进出口实绩企业1500家以上。",
        [("target", "新增", "有进出口实绩企业", 1500, "家", "at_least")],
    ),
    (  # henan-2026: object before the number, a range of verbs
        "新建改造高标准农田400万亩以上。",
        [("target", "新建改造", "高标准农田", 4_000_000, "亩", "at_least")],
    ),
    (  # cn-state-council-2016: a range, an at-most bound, shared subject
        "今年发展的主要预期目标是：国内生产总值增长6.5%－7%，居民消费价格涨幅3%左右，城镇新增就业1000万人以上，城镇登记失业率4.5%以内。",
        [
            ("target", "增长", "国内生产总值", 6.5, "%", "exact"),
            ("target", None, "居民消费价格涨幅", 3, "%", "approx"),
            ("target", "新增", "就业", 10_000_000, "人", "at_least"),
            ("target", None, "城镇登记失业率", 4.5, "%", "at_most"),
        ],
    ),
    (  # xinghualing-2024: a shared verb distributes over coordinated items
        "新建5个小游园、5个口袋公园、5个街头绿地。",
        [("target", "新建", o, 5, "个", "exact") for o in ("小游园", "口袋公园", "街头绿地")],
    ),
    (  # shanxi-2026 review (under its review heading): a change from one year to another gives both values
        "一、“十四五”时期工作回顾\n“十四五”时期，人均GDP从2020年的5.2万元提高到2025年的7.4万元。",
        [("achieved", None, "人均GDP", 52_000, "元", "exact"), ("achieved", "提高", None, 74_000, "元", "exact")],
    ),
    (  # cn-state-council-2024 review: a rate borrows the subject of the clause before
        "去年国内生产总值超过126万亿元，增长5.2%。",
        [("achieved", None, "国内生产总值", 126e12, "元", "at_least"), ("achieved", "增长", "国内生产总值", 5.2, "%", "exact")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_real_sentences(sentence: str, expected) -> None:
    report = analyze(sentence)
    got = sorted(report.commitments + report.achievements, key=lambda c: c.start)
    assert len(got) == len(expected), [(c.text, c.object) for c in got]
    for c, (status, action, obj, value, unit, bound) in zip(got, expected, strict=True):
        assert c.status == status
        if action is not None:
            assert action in (c.action or "")
        if obj is not None:
            assert obj in (c.object or "")
        assert float(c.value) == pytest.approx(value)
        assert (c.unit, c.bound) == (unit, bound)


THRESHOLDS = [
    ("xinghualing-2024.commitments.json", "xinghualing-2024", "commitments", 0.97),
    ("cn-state-council-2024.json", "cn-state-council-2024", "commitments", 0.90),
    ("cn-state-council-2024.json", "cn-state-council-2024", "achievements", 0.85),
    ("shanxi-2026.json", "shanxi-2026", "commitments", 0.90),
    ("shanxi-2026.json", "shanxi-2026", "achievements", 0.85),
]


@pytest.mark.slow
@pytest.mark.parametrize("backend", SEGMENTERS)
@pytest.mark.parametrize(("gold_file", "doc", "kind", "min_f1"), THRESHOLDS)
def test_gold_thresholds(backend: str, gold_file: str, doc: str, kind: str, min_f1: float) -> None:
    result = score(gold(gold_file), analyzed(doc, backend).to_dict(), [kind])[0]
    assert result.f1 >= min_f1, (result.line(), result.missed, result.unmatched)
    if doc == "xinghualing-2024":
        assert result.object_acc >= 0.95 and result.action_acc >= 0.95 and result.bound_acc >= 0.95, (
            result.line()
        )


def test_seed_not_commitments_never_become_records() -> None:
    report = analyzed("xinghualing-2024")
    text = report.document.text
    records = report.commitments + report.achievements
    for s in gold("xinghualing-2024.commitments.json")["not_commitments"]:
        for m in re.finditer(re.escape(s), text):
            inside = [c.text for c in records if m.start() <= c.start and c.end <= m.end()]
            assert not inside, (s, inside)


@pytest.mark.parametrize("doc", ["xinghualing-2024", "cn-state-council-2024", "shanxi-2026", "beijing-2026"])
def test_records_slice_back_and_carry_evidence(doc: str) -> None:
    report = analyzed(doc)
    text = report.document.text
    sentences = {s.id: s for s in report.sentences}
    for c in report.commitments + report.achievements:
        assert text[c.start : c.end] == c.text
        s = sentences[c.sentence_id]
        assert s.start <= c.start < c.end <= s.end and s.text == c.sentence
        assert c.section == s.section
        assert c.value.is_finite() and (c.value_max is None or c.value_max >= c.value)


@pytest.mark.parametrize(
    "gold_file", ["xinghualing-2024.commitments.json", "cn-state-council-2024.json", "shanxi-2026.json"]
)
def test_evaluate_gives_the_reference_scorers_figures(tmp_path, gold_file: str) -> None:
    g = gold(gold_file)
    pred = analyzed(g["doc"]).to_dict()
    path = tmp_path / "pred.json"
    path.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    for result in score(g, pred, ["commitments", "achievements"]):
        ref = subprocess.run(
            [sys.executable, str(GOLD / "reference_score.py"), result.kind, str(GOLD / gold_file), str(path)],
            capture_output=True, text=True, check=False,
        ).stdout.strip().splitlines()[-1]  # fmt: skip
        assert ref == result.line()


def test_report_dataframes() -> None:
    report = analyzed("shanxi-2026")
    df = report.commitments_df()
    assert len(df) == len(report.commitments)
    assert {"action", "object", "value", "unit", "bound", "period", "status", "start", "end"} <= set(
        df.columns
    )
    assert set(report.achievements_df()["status"]) == {"achieved"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_extraction_never_raises_on_arbitrary_unicode(text: str) -> None:
    if not text.strip():
        with pytest.raises(LoadError, match="empty"):
            analyze(text)
        return
    report = analyze(text)
    for c in report.commitments + report.achievements:
        assert report.document.text[c.start : c.end] == c.text


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "新建",
                "新增",
                "5个",
                "10块以上",
                "公园",
                "1.12万亩",
                "、",
                "，",
                "。",
                "增长5%左右",
                "今年",
                "去年",
            ]
        ),
        max_size=20,
    )
)
def test_offsets_hold_on_generated_policy_text(parts: list[str]) -> None:
    report = analyze("".join(parts) or "。")
    for c in report.commitments + report.achievements:
        assert report.document.text[c.start : c.end] == c.text
        assert c.bound in ("exact", "at_least", "at_most", "approx")
