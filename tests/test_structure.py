"""Sections, parts and sentences on real reports."""

from __future__ import annotations

import pytest

from analyzer.normalize import normalize
from analyzer.structure import structure

from .conftest import ALL_TXT, CORPORA

# Expected level-1 and level-2 section titles and parts, read off the texts by hand.
NATIONAL_2024 = [
    (1, "开篇", "other"),
    (1, "一、2023年工作回顾", "review"),
    (1, "二、2024年经济社会发展总体要求和政策取向", "plan"),
    (1, "三、2024年政府工作任务", "plan"),
    (2, "（一）大力推进现代化产业体系建设，加快发展新质生产力。", "plan"),
    (2, "（二）深入实施科教兴国战略，强化高质量发展的基础支撑。", "plan"),
    (2, "（三）着力扩大国内需求，推动经济实现良性循环。", "plan"),
    (2, "（四）坚定不移深化改革，增强发展内生动力。", "plan"),
    (2, "（五）扩大高水平对外开放，促进互利共赢。", "plan"),
    (2, "（六）更好统筹发展和安全，有效防范化解重点领域风险。", "plan"),
    (2, "（七）坚持不懈抓好“三农”工作，扎实推进乡村全面振兴。", "plan"),
    (2, "（八）推动城乡融合和区域协调发展，大力优化经济布局。", "plan"),
    (2, "（九）加强生态文明建设，推进绿色低碳发展。", "plan"),
    (2, "（十）切实保障和改善民生，加强和创新社会治理。", "plan"),
    (1, "结束语", "other"),
]
SHANXI_2026 = [
    (1, "开篇", "other"),
    (1, "一、“十四五”时期工作回顾", "review"),
    (1, "二、“十五五”时期总体要求和目标任务", "plan"),
    *[(2, t, "plan") for t in (
        "（一）高质量发展取得显著成效。", "（二）资源型经济转型取得重大进展。", "（三）创新体系整体效能全面提升。",
        "（四）进一步全面深化改革取得新突破。", "（五）社会文明程度明显提升。", "（六）人民生活品质不断提高。",
        "（七）美丽山西建设取得重大成效。", "（八）安全发展能力明显增强。",
    )],
    (1, "三、2026年工作安排", "plan"),
    *[(2, t, "plan") for t in (
        "（一）着力实施扩大内需战略", "（二）着力推动能源转型", "（三）着力推进产业升级", "（四）着力推动适度多元发展",
        "（五）着力强化创新驱动", "（六）着力深化改革开放", "（七）着力促进城乡融合发展", "（八）着力推动全面绿色转型",
        "（九）着力保障和改善民生", "（十）着力守牢安全稳定底线",
    )],
    (1, "四、全面加强政府自身建设", "plan"),
    (1, "结束语", "other"),
]  # fmt: skip


def _struct(name: str):
    text, _ = normalize((CORPORA / f"{name}.txt").read_text(encoding="utf-8"))
    return text, structure(text)


@pytest.mark.parametrize(
    ("name", "expected"), [("cn-state-council-2024", NATIONAL_2024), ("shanxi-2026", SHANXI_2026)]
)
def test_sections_and_parts(name: str, expected) -> None:
    _, st = _struct(name)
    got = [(s.level, s.title, s.part) for s in st.sections if s.level <= 2]
    assert got == expected


def test_seed_is_plan_only() -> None:
    _, st = _struct("xinghualing-2024")
    assert st.title == "贯彻新发展理念 推动高质量发展"
    assert {s.part for s in st.sections} == {"plan"}
    assert [s.title for s in st.sections][1:3] == [
        "12件民生实事",
        "坚持制造业振兴升级主攻方向，做强做大二产支撑，加快构建现代化产业体系",
    ]


@pytest.mark.parametrize("path", ALL_TXT, ids=lambda p: p.stem)
def test_every_report_has_review_and_plan_and_sentences_slice(path) -> None:
    text, st = _struct(path.stem)
    for s in st.sentences:
        assert text[s.start : s.end] == s.text
        assert s.text.strip()
    for sec in st.sections:
        assert 0 <= sec.start <= sec.end <= len(text)
    parts = {s.part for s in st.sections}
    if path.stem != "xinghualing-2024":
        assert {"review", "plan"} <= parts, [(s.title, s.part) for s in st.sections if s.level == 1]


@pytest.mark.parametrize(
    ("name", "review_title"),
    [
        ("sichuan-2025", "2024年工作回顾"),  # unnumbered headings
        ("cn-state-council-2023", "一、过去一年和五年工作回顾"),
        ("cn-state-council-2020", "一、2019年和今年以来工作回顾"),
        ("jiangsu-2026", "一、“十四五”时期和2025年工作回顾"),
    ],
)
def test_review_found_on_other_reports(name: str, review_title: str) -> None:
    _, st = _struct(name)
    review = [s.title for s in st.sections if s.part == "review" and s.level == 1]
    assert review == [review_title]


def test_appendix_is_other() -> None:
    _, st = _struct("guangdong-2026")
    appendix = [s for s in st.sections if s.title.startswith(("附件", "名词解释"))]
    assert appendix and all(s.part == "other" for s in appendix)


def test_sentences_split_on_terminal_punctuation_with_clauses() -> None:
    _, st = _struct("cn-state-council-2024")
    s = next(s for s in st.sentences if s.text.startswith("今年发展主要预期目标是"))
    assert s.text.endswith("。")
    assert len(s.clauses) >= 5  # ；-separated targets
    assert all(s.start <= a < b <= s.end for a, b in s.clauses)


def test_one_line_text_is_its_own_body_not_a_headline() -> None:
    # a short unpunctuated line opens a news summary as its headline only when text follows it
    line = "建设杨家峪数字经济产业园，新建5G基站1000个"
    st = structure(line)
    assert st.title is None
    assert [s.text for s in st.sentences] == [line]
    headed = structure(line + "\n今年新建5G基站1000个。")
    assert headed.title == line
    assert [s.text for s in headed.sentences] == ["今年新建5G基站1000个。"]
