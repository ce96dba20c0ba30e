"""Comparing reports of one government: headline targets, alignment, changes, tracking, timeline.

Expected values were read off the reports themselves (each report's 主要预期目标 sentence and its
review of the year before), not produced by the code.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import html
import json
import math
from decimal import Decimal
from pathlib import Path

import pytest

from analyzer import AnalyzerError, analyze
from analyzer.compare import (
    add_compare_arguments,
    add_timeline_arguments,
    cmd_compare,
    cmd_timeline,
    compare,
    headline_result,
    headline_target,
    indicator_key,
    judge,
    keyness,
    timeline,
)
from analyzer.export.jsonout import commitment_to_dict
from analyzer.records import Commitment, Mention, Project

from .conftest import CORPORA, analyzed

ALIGNMENT = Path(__file__).parent / "alignment"
NATIONAL = list(range(2013, 2026))
PROVINCES = [
    "beijing",
    "chongqing",
    "fujian",
    "guangdong",
    "hebei",
    "henan",
    "jiangsu",
    "shandong",
    "shanghai",
    "shanxi",
    "sichuan",
    "zhejiang",
]
WAN = 10_000

# The 主要预期目标 of each national report, as (low, high, bound); a range such as 6.5%－7% is read as
# value 6.5, value_max 7, bound "exact".  None: no target set (2020 set no GDP target).
TARGETS = {
    # year: (GDP growth %, new urban jobs (people), CPI %)
    2013: ((7.5, None, "approx"), (900 * WAN, None, "at_least"), (3.5, None, "approx")),
    2014: ((7.5, None, "approx"), (1000 * WAN, None, "at_least"), (3.5, None, "approx")),
    2015: ((7, None, "approx"), (1000 * WAN, None, "at_least"), (3, None, "approx")),
    2016: ((6.5, 7, "exact"), (1000 * WAN, None, "at_least"), (3, None, "approx")),
    2017: ((6.5, None, "approx"), (1100 * WAN, None, "at_least"), (3, None, "approx")),
    2018: ((6.5, None, "approx"), (1100 * WAN, None, "at_least"), (3, None, "approx")),
    2019: ((6, 6.5, "exact"), (1100 * WAN, None, "at_least"), (3, None, "approx")),
    2020: (None, (900 * WAN, None, "at_least"), (3.5, None, "approx")),
    2021: ((6, None, "at_least"), (1100 * WAN, None, "at_least"), (3, None, "approx")),
    2022: ((5.5, None, "approx"), (1100 * WAN, None, "at_least"), (3, None, "approx")),
    2023: ((5, None, "approx"), (1200 * WAN, None, "approx"), (3, None, "approx")),
    2024: ((5, None, "approx"), (1200 * WAN, None, "at_least"), (3, None, "approx")),
    2025: ((5, None, "approx"), (1200 * WAN, None, "at_least"), (2, None, "approx")),
}
# What the report of year Y+1 says year Y achieved (GDP growth %, new urban jobs, CPI %).  None: the
# report gives no figure for that year (2016: 居民消费价格涨幅保持较低水平; 2018: only the five-year
# average 居民消费价格年均上涨1.9%).
RESULTS = {
    2012: (7.8, 1266 * WAN, 2.6),
    2013: (7.7, 1310 * WAN, 2.6),
    2014: (7.4, 1322 * WAN, 2),
    2015: (6.9, 1312 * WAN, None),
    2016: (6.7, 1314 * WAN, 2),
    2017: (6.9, 1351 * WAN, None),
    2018: (6.6, 1361 * WAN, 2.1),
    2019: (6.1, 1352 * WAN, 2.9),
    2020: (2.3, 1186 * WAN, 2.5),  # 全年国内生产总值增长2.3% (see test_2020_gdp_result_is_an_achievement)
    2021: (8.1, 1269 * WAN, 0.9),
    2022: (3, 1206 * WAN, 2),
    2023: (5.2, 1244 * WAN, 0.2),
    2024: (5, 1256 * WAN, 0.2),
}
INDICATORS = ("gdp", "new_urban_jobs", "cpi")


def national(year: int):
    return analyzed(f"cn-state-council-{year}")


def _as_tuple(c: Commitment | None):
    if c is None:
        return None
    return (float(c.value), float(c.value_max) if c.value_max is not None else None, c.bound)


# -- headline targets and results of the national series ---------------------------------------


@pytest.mark.parametrize("year", NATIONAL)
def test_national_headline_targets(year):
    report = national(year)
    got = tuple(_as_tuple(headline_target(report, ind)) for ind in INDICATORS)
    assert got == TARGETS[year]
    for ind in INDICATORS:
        t = headline_target(report, ind)
        if t is not None:
            assert t.status == "target"
            assert t.text in t.sentence


@pytest.mark.parametrize("year", NATIONAL)
def test_national_results_of_the_year_before(year):
    report = national(year)
    expected = RESULTS[year - 1]
    for ind, value in zip(INDICATORS, expected, strict=True):
        got = headline_result(report, ind)
        if value is None:
            assert got is None, (year, ind, got)
        else:
            assert got is not None and got.status == "achieved", (year, ind)
            assert float(got.value) == pytest.approx(value), (year, ind, got.sentence)


def test_2020_gdp_result_is_an_achievement():
    # 2021 report, review part: 经济恢复好于预期，全年国内生产总值增长2.3% (好于预期 is no future cue)
    got = headline_result(national(2021), "gdp")
    assert got is not None and float(got.value) == 2.3


# -- compare ------------------------------------------------------------------------------------


def _gdp_rows(comp):
    return [c for c in comp.commitments if c.key == "gdp|percent"]


def test_compare_2021_2022_gdp_target_continued_and_lowered():
    comp = compare(national(2021), national(2022))
    continued = [c for c in _gdp_rows(comp) if c.status == "continued"]
    assert len(continued) == 1
    row = continued[0]
    assert row.change == "lowered"
    assert _as_tuple(row.before) == (6, None, "at_least")
    assert _as_tuple(row.after) == (5.5, None, "approx")
    d = comp.to_dict()
    [out] = [r for r in d["commitments"] if r["key"] == "gdp|percent" and r["status"] == "continued"]
    assert out["change"] == "lowered"
    assert out["before"] == commitment_to_dict(row.before, comp.before)
    assert out["after"] == commitment_to_dict(row.after, comp.after)


def test_compare_2023_2024_gdp_same_and_met():
    comp = compare(national(2023), national(2024))
    [row] = _gdp_rows(comp)
    assert (row.status, row.change) == ("continued", "same")
    [track] = [t for t in comp.tracking if t.key == "gdp|percent"]
    assert track.verdict == "met"
    assert _as_tuple(track.target) == (5, None, "approx")
    assert float(track.achieved.value) == 5.2
    assert "增长5.2%" in track.achieved.sentence
    d = comp.to_dict()
    [out] = [t for t in d["tracking"] if t["key"] == "gdp|percent"]
    assert out["verdict"] == "met"
    assert out["target"] == commitment_to_dict(track.target, comp.before)
    assert out["achieved"] == commitment_to_dict(track.achieved, comp.after)
    assert out["achieved"]["value"] == 5.2
    # jobs: 1200万人左右 -> 1200万人以上
    [jobs] = [c for c in comp.commitments if c.key == "new_urban_jobs|people"]
    assert (jobs.status, jobs.change) == ("continued", "changed_bound")


def test_compare_orders_by_year_and_tracks_only_consecutive_years():
    comp = compare(national(2024), national(2023))
    assert comp.before.document.year == 2023
    assert compare(national(2021), national(2023)).tracking == []


def test_compare_refuses_different_governments():
    with pytest.raises(AnalyzerError) as err:
        compare(national(2025), analyzed("shanxi-2025"))
    assert "中华人民共和国国务院" in str(err.value) and "山西省人民政府" in str(err.value)
    forced = compare(national(2025), analyzed("shanxi-2025"), force=True)
    assert forced.to_dict()["commitments"]


def test_compare_takes_paths(tmp_path):
    with pytest.raises(AnalyzerError, match="no such file"):
        compare(tmp_path / "missing.txt", CORPORA / "shanxi-2025.txt")


CONTRACT = {"commitments", "projects", "tracking", "positions", "keyness"}


@pytest.mark.parametrize("province", PROVINCES)
def test_compare_every_provincial_pair(province):
    before, after = analyzed(f"{province}-2025"), analyzed(f"{province}-2026")
    comp = compare(before, after)
    d = json.loads(json.dumps(comp.to_dict(), ensure_ascii=False))
    assert set(d) >= CONTRACT
    for row in d["commitments"]:
        assert {"key", "object", "status", "change", "before", "after"} <= set(row)
        assert row["status"] in ("new", "continued", "dropped")
        assert (row["change"] is None) == (row["status"] != "continued")
        assert row["change"] in (None, "raised", "lowered", "same", "changed_bound")
        assert (row["before"] is None) == (row["status"] == "new")
        assert (row["after"] is None) == (row["status"] == "dropped")
    for row in d["tracking"]:
        assert {"indicator", "target", "achieved", "verdict"} <= set(row)
        assert row["verdict"] in ("met", "missed", "not_reported")
        assert (row["achieved"] is None) == (row["verdict"] == "not_reported")
    # every province states a GDP growth target in both years and its 2025 result in 2026
    gdp = [c for c in comp.commitments if c.key == "gdp|percent" and c.status == "continued"]
    assert len(gdp) == 1, province
    [track] = [t for t in comp.tracking if t.key == "gdp|percent"]
    assert track.verdict in ("met", "missed")
    shares = [r["before"]["sentences_share"] for r in d["positions"]]
    assert sum(shares) == pytest.approx(1, abs=1e-3)
    assert comp.commitments_df().shape[0] == len(d["commitments"])
    assert comp.tracking_df().shape[0] == len(d["tracking"])


# -- alignment quality -------------------------------------------------------------------------


def _quote(report, c: Commitment | None) -> str:
    if c is None:
        return ""
    sent = next(s for s in report.sentences if s.id == c.sentence_id)
    return report.document.text[max(sent.start, c.start - 14) : c.start] + c.text


def test_alignment_precision_shanxi():
    """The hand-checked table still describes what compare does, and it is right ≥ 90% of the time."""
    table = ALIGNMENT / "shanxi-2025_shanxi-2026.tsv"
    lines = [ln for ln in table.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert len(rows) >= 30
    comp = compare(analyzed("shanxi-2025"), analyzed("shanxi-2026"))
    made = {
        (c.status, c.key or "None", _quote(comp.before, c.before), _quote(comp.after, c.after))
        for c in comp.commitments
    }
    for r in rows:
        assert (r["status"], r["key"], r["before"], r["after"]) in made, r
    assert {r["correct"] for r in rows} <= {"yes", "no"}
    aligned = [r for r in rows if r["status"] == "continued"]
    precision = sum(r["correct"] == "yes" for r in aligned) / len(aligned)
    overall = sum(r["correct"] == "yes" for r in rows) / len(rows)
    assert len(aligned) >= 20
    assert precision >= 0.9, precision
    assert overall >= 0.9, overall


# -- keys, verdicts, keyness ---------------------------------------------------------------------


def _rec(obj, value, unit="%", bound="exact", *, action=None, sentence=None, value_max=None, status="target"):
    text = f"{value}{unit}"
    sentence = sentence or f"{obj}{text}。"
    start = sentence.find(text)
    return Commitment(
        text, sentence, "s1", None, start, start + len(text), action, obj, Decimal(str(value)),
        None if value_max is None else Decimal(str(value_max)), unit, bound, None, status,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("obj", "unit", "action", "key"),
    [
        ("国内生产总值增长", "%", "增长", "gdp|percent"),
        ("全省地区生产总值增长", "%", "增长", "gdp|percent"),
        ("GDP增长", "%", "增长", "gdp|percent"),
        ("经济增长", "%", None, "gdp|percent"),
        ("就业", "人", "新增", "new_urban_jobs|people"),
        ("城镇新增就业人数", "人", None, "new_urban_jobs|people"),
        ("居民消费价格涨幅", "%", None, "cpi|percent"),
        ("居民消费价格总水平上涨幅度", "%", None, "cpi|percent"),
        ("年末全国城镇调查失业率", "%", None, "surveyed_unemployment|percent"),
        ("单位国内生产总值能耗下降", "%", "下降", "energy_intensity|percent"),
        ("规模以上工业增加值增长", "%", "增长", "industrial_value_added|percent"),
        ("高标准农田", "亩", "新建", "高标准农田|area"),
        ("高标准农田", "公顷", "新建", "高标准农田|area"),
        ("PM2.5浓度下降", "%", "下降", "pm25|percent"),
        ("养老保险单位缴费比例下降", "百分点", "下降", "养老保险单位缴费比例↓|pp"),
        ("预期目标", "%", None, None),
    ],
)
def test_indicator_keys(obj, unit, action, key):
    assert indicator_key(_rec(obj, 5, unit, action=action)).key == key


def test_multi_year_targets_are_kept_apart():
    rec = _rec("“十四五”时期经济年均增长", 6.5, sentence="“十四五”时期经济年均增长6.5%以上。")
    k = indicator_key(rec)
    assert k.key == "gdp|percent|multi-year" and k.multi_year


@pytest.mark.parametrize(
    ("target", "achieved", "ceiling", "verdict"),
    [
        ((5, None, "approx"), 4.5, False, "met"),  # 左右: 0.5 point below is still met
        ((5, None, "approx"), 4.4, False, "missed"),
        ((5.5, None, "approx"), 3, False, "missed"),
        ((6, None, "at_least"), 5.9, False, "missed"),
        ((6, 6.5, "exact"), 6.1, False, "met"),  # a range is met from its lower end
        ((3, None, "approx"), 3.5, True, "met"),  # CPI 3%左右: met up to 3.5
        ((3, None, "approx"), 3.6, True, "missed"),
        ((5.5, None, "at_most"), 5.6, True, "missed"),  # 控制在5.5%以内
        ((5.5, None, "at_most"), 5.5, True, "met"),
    ],
)
def test_judge_respects_bounds(target, achieved, ceiling, verdict):
    low, high, bound = target
    t = _rec("x", low, bound=bound, value_max=high)
    a = _rec("x", achieved, status="achieved")
    assert judge(t, a, ceiling=ceiling) == verdict
    assert judge(t, None, ceiling=ceiling) == "not_reported"


def test_judge_counts_with_relative_tolerance():
    t = _rec("就业", 1200 * WAN, "人", "approx", action="新增")
    assert judge(t, _rec("就业", 1080 * WAN, "人", status="achieved"), ceiling=False) == "met"
    assert judge(t, _rec("就业", 1079 * WAN, "人", status="achieved"), ceiling=False) == "missed"


def test_keyness_matches_the_log_likelihood_ratio():
    target, reference = {"创新": 30, "发展": 50}, {"创新": 10, "发展": 70}
    rows = {r["feature"]: r for r in keyness(target, reference)}
    # G² = 2 Σ O ln(O/E) over the 2×2 table [[30, 50], [10, 70]] (all expected counts ≥ 5: no correction);
    # scipy.stats.chi2_contingency(..., lambda_="log-likelihood", correction=False) gives 13.8139
    cells = ((30, 20), (10, 20), (50, 60), (70, 60))
    g = 2 * sum(o * math.log(o / e) for o, e in cells)
    assert g == pytest.approx(13.8139, abs=1e-4)
    assert rows["创新"]["G2"] == pytest.approx(g, rel=1e-6)
    assert rows["发展"]["G2"] == pytest.approx(-g, rel=1e-6)
    assert rows["创新"]["p"] == pytest.approx(math.erfc(math.sqrt(g / 2)), rel=1e-6)  # χ²(1) tail
    # Yates' correction (quanteda's default for lr) when an expected count is below 5:
    # a=3, b=0 in totals of 10 and 10 -> cells 2.5, 0.5, 7.5, 9.5 against 1.5, 1.5, 8.5, 8.5
    small = {r["feature"]: r for r in keyness({"甲乙": 3, "丙丁": 7}, {"甲乙": 0, "丙丁": 10})}
    cells = ((2.5, 1.5), (0.5, 1.5), (7.5, 8.5), (9.5, 8.5))
    assert small["甲乙"]["G2"] == pytest.approx(2 * sum(o * math.log(o / e) for o, e in cells), rel=1e-6)
    none = {
        r["feature"]: r for r in keyness({"甲乙": 3, "丙丁": 7}, {"甲乙": 0, "丙丁": 10}, correction="none")
    }
    assert none["甲乙"]["G2"] > small["甲乙"]["G2"]


def test_keyness_of_reports_uses_chinese_words():
    comp = compare(national(2023), national(2024))
    kn = comp.keyness()
    assert kn and all(len(r["feature"]) >= 2 for r in kn)
    assert all("\u4e00" <= ch <= "\u9fff" for r in kn for ch in r["feature"])
    assert kn == sorted(kn, key=lambda r: (-r["G2"], r["feature"]))
    assert comp.to_dict()["keyness"]


# -- projects, emphasis and rendering ------------------------------------------------------------

BEFORE_TEXT = "一、2024年工作回顾\n推进雄忻高铁建设。太原国际物流港开工。示范产业园启动。\n二、2025年工作安排\n新建5个<b>口袋公园</b>。"
AFTER_TEXT = (
    "一、2025年工作回顾\n雄忻高铁建成通车。国际物流港（太原）加快建设。\n"
    "二、2026年工作安排\n加快建设新材料产业园。新建8个<b>口袋公园</b>。"
)


def _with_projects(text: str, names: list[tuple[str, str]]):
    report = analyze(text)
    doc = report.document.text
    projects = []
    for name, mention in names:
        start = doc.index(mention)
        sent = next(s for s in report.sentences if s.start <= start < s.end)
        m = Mention(mention, start, start + len(mention), sent.id, sent.section)
        projects.append(Project(name, "project", (m,)))
    return dataclasses.replace(report, projects=tuple(projects))


def _project_pair():
    before = _with_projects(
        BEFORE_TEXT,
        [("雄忻高铁", "雄忻高铁"), ("太原国际物流港", "太原国际物流港"), ("示范产业园", "示范产业园")],
    )
    after = _with_projects(
        AFTER_TEXT,
        [
            ("雄忻高铁", "雄忻高铁"),
            ("国际物流港（太原）", "国际物流港（太原）"),
            ("新材料产业园", "新材料产业园"),
        ],
    )
    return compare(before, after)


def test_projects_new_continued_completed_dropped():
    comp = _project_pair()
    status = {
        (p.before.name if p.before else None, p.after.name if p.after else None): p.status
        for p in comp.projects
    }
    assert status == {
        ("雄忻高铁", "雄忻高铁"): "completed",  # 建成通车 in the later review
        ("太原国际物流港", "国际物流港（太原）"): "continued",  # word order, same head 物流港
        ("示范产业园", None): "dropped",
        (None, "新材料产业园"): "new",  # same head, different name: not paired
    }
    d = comp.to_dict()
    assert {p["status"] for p in d["projects"]} == {"completed", "continued", "dropped", "new"}
    assert comp.projects_df().shape[0] == 4


def test_a_planned_completion_is_not_completed():
    before = _with_projects(BEFORE_TEXT, [("雄忻高铁", "雄忻高铁")])
    after = _with_projects("二、2026年工作安排\n力争雄忻高铁建成通车。", [("雄忻高铁", "雄忻高铁")])
    [p] = compare(before, after).projects
    assert p.status == "continued"


def test_html_and_markdown_are_self_contained_and_escaped():
    comp = _project_pair()
    assert "<b>" in comp.commitments[0].before.sentence or any(
        "<b>" in (c.before or c.after).sentence for c in comp.commitments
    )
    page = comp.to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "<b>口袋公园" not in page and html.escape("<b>口袋公园</b>") in page
    assert "data:image/png;base64," in page
    for bad in ("http://", "https://", "<script", "<link", "src='//", 'src="//'):
        assert bad not in page
    summary = comp._repr_html_()
    assert "<b>口袋" not in summary
    md = comp.to_markdown()
    assert "| object |" in md and "口袋公园" in md


def test_emphasis_shares():
    comp = compare(national(2023), national(2024))
    d = comp.to_dict()
    for dim in ("positions", "themes", "parts"):
        for side in ("before", "after"):
            total = sum(r[side]["sentences_share"] for r in d[dim])
            assert total == pytest.approx(1, abs=1e-3), (dim, side)
    parts = {r["part"]: r for r in d["parts"]}
    assert parts["plan"]["after"]["commitments"] > 0
    assert not comp.emphasis_df().empty


# -- timeline ------------------------------------------------------------------------------------


def test_timeline_national_series(tmp_path):
    from analyzer.plots import assert_cjk_glyphs

    tl = timeline([national(y) for y in reversed(NATIONAL)])
    df = tl.to_df()
    assert list(df["year"].drop_duplicates()) == NATIONAL
    by = {(r.year, r.key.split("|")[0]): r for r in df.itertuples()}
    for year in NATIONAL:
        for ind, target, result in zip(
            INDICATORS, TARGETS[year], RESULTS.get(year, (None,) * 3), strict=True
        ):
            row = by.get((year, ind))
            if target is None:
                # 2020 set no GDP target: nothing to judge, though the 2021 report gives the 2.3% result
                assert row is None or row.verdict is None or row.verdict != row.verdict  # None or NaN
                if row is not None and result is not None:
                    assert row.achieved_value == pytest.approx(result)
                continue
            assert (row.target_value, row.target_bound) == (target[0], target[2]), (year, ind)
            if year == 2025:
                assert row.verdict == "not_reported"  # no 2026 report
            elif result is None:
                assert row.verdict == "not_reported", (year, ind)
            else:
                assert row.achieved_value == pytest.approx(result), (year, ind)
                expected = "missed" if (year, ind) == (2022, "gdp") else "met"  # 5.5%左右 vs 3%
                assert row.verdict == expected, (year, ind)
    fig = tl.plot()
    assert_cjk_glyphs(fig)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["国内生产总值增长（%）", "城镇新增就业（万人）", "居民消费价格涨幅（%）"]
    png = tl.save(tmp_path / "timeline.png")
    assert png.read_bytes()[:4] == b"\x89PNG"
    data = json.loads(tl.save(tmp_path / "timeline.json").read_text(encoding="utf-8"))
    assert data["rows"][0]["target"]["sentence"]


def test_timeline_one_indicator_and_refusals(tmp_path):
    tl = timeline([national(2023), national(2024)], indicator="居民消费价格")
    assert set(tl.to_df()["key"]) == {"cpi|percent"}
    page = tl.save(tmp_path / "cpi.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and "https://" not in page
    with pytest.raises(AnalyzerError, match="different governments"):
        timeline([national(2024), analyzed("shanxi-2025")])
    with pytest.raises(AnalyzerError, match="several reports for 2024"):
        timeline([national(2024), national(2024)])


# -- command-line functions ----------------------------------------------------------------------


def _parse(add, argv):
    parser = argparse.ArgumentParser()
    add(parser)
    return parser.parse_args(argv)


class _Cached:
    """An Analyzer stand-in that serves the session's cached analyses of corpus files."""

    def analyze(self, path):
        return analyzed(Path(path).stem)


@pytest.fixture
def cached_analyzer(monkeypatch):
    import sys

    module = sys.modules["analyzer.compare"]  # `analyzer.compare` is also the public function
    monkeypatch.setattr(module, "_analyzer_from", lambda args: _Cached())


def test_cmd_compare_writes_each_format(tmp_path, cached_analyzer):
    a, b = str(CORPORA / "hebei-2025.txt"), str(CORPORA / "hebei-2026.txt")
    out = tmp_path / "cmp.json"
    assert cmd_compare(_parse(add_compare_arguments, [a, b, "-o", str(out)])) == 0
    assert set(json.loads(out.read_text(encoding="utf-8"))) >= CONTRACT
    md = tmp_path / "cmp.md"
    assert cmd_compare(_parse(add_compare_arguments, [a, b, "--format", "md", "-o", str(md)])) == 0
    assert md.read_text(encoding="utf-8").startswith("# 河北省人民政府 2025 → 2026")
    args = _parse(
        add_compare_arguments, [a, str(CORPORA / "shanxi-2026.txt"), "-o", str(tmp_path / "x.json")]
    )
    with pytest.raises(AnalyzerError, match="different governments"):
        cmd_compare(args)


def test_cmd_timeline_png(tmp_path, cached_analyzer):
    paths = [str(CORPORA / f"cn-state-council-{y}.txt") for y in (2023, 2024)]
    out = tmp_path / "tl.png"
    assert cmd_timeline(_parse(add_timeline_arguments, [*paths, "-o", str(out)])) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(AnalyzerError, match=r"\.png, \.html or \.json"):
        cmd_timeline(_parse(add_timeline_arguments, [*paths, "-o", str(tmp_path / "tl.pdf")]))


def test_cmd_options_build_an_analyzer():
    from analyzer.compare import _analyzer_from

    args = _parse(add_compare_arguments, ["a.txt", "b.txt", "--framework", "none"])
    assert _analyzer_from(args).get_config()["framework"] is None
    assert args.format is None and not args.force
