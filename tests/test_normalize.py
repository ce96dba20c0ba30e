"""Normalisation: folding, paragraph repair and the offset map back to the source."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.normalize import fold_char, normalize

from .conftest import ALL_TXT, SEED

FOLD_CASES = [
    ("１２", "12"),
    ("２.３％", "2.3%"),
    ("ＧＤＰ增长５％左右", "GDP增长5%左右"),
    ("新增就业，推动发展。", "新增就业，推动发展。"),  # Chinese punctuation is kept
    ("（一）着力扩大内需；", "（一）着力扩大内需；"),
]

# Paragraphs broken mid-sentence as published (corpora cited).
REPAIR_CASES = [
    ("xinghualing-2024", "紧紧围绕内陆地区高水平对外开放新高地建设"),
    ("xinghualing-2024", "加快城市更新改造，推进杏花新城产城融合新区规划建设。"),
    ("cn-state-council-2017", "政府工作报告"),
    ("cn-state-council-2014", "以细颗粒物（PM2.5）和可吸入颗粒物（PM10）治理为突破口"),
]


@pytest.mark.parametrize(("raw", "expected"), FOLD_CASES)
def test_folding(raw: str, expected: str) -> None:
    assert normalize(raw)[0] == expected


@pytest.mark.parametrize(("doc", "joined"), REPAIR_CASES)
def test_broken_paragraphs_are_repaired(doc: str, joined: str) -> None:
    raw = (SEED.parent / f"{doc}.txt").read_text(encoding="utf-8")
    assert joined not in raw.replace(" ", "")  # broken in the source ...
    assert joined in normalize(raw)[0]  # ... whole after normalisation


def test_headings_are_not_joined_to_body() -> None:
    text = normalize(SEED.read_text(encoding="utf-8"))[0]
    assert "\n12件民生实事\n今年，杏花岭区将安排足额资金" in text


@pytest.mark.parametrize("path", ALL_TXT, ids=lambda p: p.stem)
def test_offsets_map_back_to_source(path) -> None:
    raw = path.read_text(encoding="utf-8")
    text, offsets = normalize(raw)
    for i, ch in enumerate(text):
        a, b = offsets.to_original(i, i + 1)
        if ch == "\n":
            continue
        assert fold_char(raw[a]) == ch or raw[a:b] == ch


@given(st.text(max_size=300))
def test_offset_map_is_monotonic_and_total(raw: str) -> None:
    text, offsets = normalize(raw)
    assert len(offsets.source) == len(text) + 1
    src = list(offsets.source)
    assert src == sorted(src)
    assert all(0 <= s <= len(raw) for s in src)
    for i, ch in enumerate(text):
        if ch != "\n":
            a, _ = offsets.to_original(i, i + 1)
            assert ch in fold_char(raw[a]) or raw[a] == ch
