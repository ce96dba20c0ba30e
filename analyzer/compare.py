"""Compare reports of one government: aligned commitments, changes, target tracking, emphasis, vocabulary.

Usage (``c.to_dict()`` is the JSON contract; ``c.to_html()`` a self-contained report)::

    from analyzer.compare import compare, timeline
    c = compare("corpora/cn-state-council-2023.txt", "corpora/cn-state-council-2024.txt")
    c.tracking_df()          # GDP 5%左右 → met by the 5.2% the 2024 report gives
    timeline(paths).plot()   # GDP, new jobs and CPI targets against next year's results

**Alignment.**  Every commitment gets an *indicator key*: its object reduced to an indicator name
(quotes, enumerations such as 一是, embedded amounts and the prefixes and suffixes listed in
``analyzer/resources/indicators.json`` removed: 全年, 年均, 增长, 涨幅 …; 规模以上 → 规上), mapped
through the synonym table to one id (国内生产总值 / 地区生产总值 / GDP / 经济增长 → ``gdp``;
新增 + 就业 → ``new_urban_jobs``), plus the *unit family* (万人 and 人 are already one unit;
亩/公顷/平方公里 are one family with conversions; % and 百分点 are different families) and a
multi-year mark (“十四五”时期年均增长, 到2027年 …: never confused with a one-year target).  A
name that says nothing (预期目标定为, 比上年增长, no object at all) takes the indicator named just
before it in the text (国内生产总值达到56.9万亿元，比上年增长7.7% → ``gdp``); failing that it is
left unaligned.  Restatements (same key, same value and bound) count once.  Commitments of the two
reports are paired on equal keys (several per key: by the similarity of their contexts), then
left-overs on names with a rapidfuzz ratio ≥ 90 in the same family.

**Changes.**  Paired: ``continued`` with ``change`` ``raised``/``lowered`` (midpoints of ranges
compared in the family's base unit), ``same`` or ``changed_bound`` (same value, other bound:
1200万人左右 → 1200万人以上); unpaired: ``dropped`` (only before) or ``new`` (only after).
Projects are paired on canonical names (rapidfuzz ratio or token-sort ratio ≥ 90 and the same head
such as 产业园/项目): ``completed`` when a later mention outside the plan part has 建成, 投用, 投运,
投产, 竣工, 完工 or 通车 next to it, else ``continued``; ``new``; ``dropped``.

**Tracking.**  Each one-year target of year *Y* is judged against the result the report of *Y+1*
gives for the same key (its first such result, review part first, multi-year results excluded):
``met``, ``missed`` or ``not_reported``.  Ceiling indicators (居民消费价格, 失业率, concentrations …,
``"ceiling": true`` in the table, or any target bounded 以内/以下/不超过) are met when the result
stays at or under the target (the upper end of a range); all others when the result reaches it
(the lower end of a range).  Bounds: ``at_least``/``at_most``/``exact`` are strict; ``approx``
(左右) allows :data:`TOLERANCE_RATE` (0.5 percentage point) for rates (% and 百分点) and
:data:`TOLERANCE_RELATIVE` (10% of the target) for amounts, in the unfavourable direction only
(GDP 5.5%左右 is met from 5.0; CPI 3%左右 up to 3.5).

**Emphasis and vocabulary.**  Shares of sentences, targets, results and projects per position (an
item's first position id, ``none`` without one; a sentence takes the position of the first item
in it) and per theme (the title of the level-1 or level-2 section holding it, without numbering
and years).  Keyness is the signed log-likelihood G² of quanteda's ``textstat_keyness(measure =
"lr")`` (target = the later report; the Yates correction that quanteda's code applies by default;
``correction="williams"`` or ``"none"`` on request) over the reports' tokens that are Chinese
words of two or more characters.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import html
import json
import logging
import math
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.errors import AnalyzerError, ConfigError, LoadError
from analyzer.records import Commitment, Project

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from analyzer.pipeline import Analyzer, Report

__all__ = [
    "TOLERANCE_RATE",
    "TOLERANCE_RELATIVE",
    "Comparison",
    "Indicator",
    "IndicatorKey",
    "Timeline",
    "add_compare_arguments",
    "add_timeline_arguments",
    "cmd_compare",
    "cmd_timeline",
    "compare",
    "headline_result",
    "headline_target",
    "indicator_key",
    "judge",
    "keyness",
    "load_indicators",
    "timeline",
]

log = logging.getLogger(__name__)

COMPARISON_VERSION = "1"
TOLERANCE_RATE = Decimal("0.5")  # percentage points, for 左右 targets in % or 百分点
TOLERANCE_RELATIVE = Decimal("0.10")  # share of the target, for 左右 targets in other units
FUZZY_MIN = 90  # rapidfuzz score (0-100) for names that are not equal
KEYNESS_LIMIT = 50  # features per direction in Comparison.to_dict()
RATE_FAMILIES = frozenset({"percent", "pp"})
PLAN_CUES = re.compile(r"预期目标|主要目标|发展目标")
COMPLETION = re.compile(r"建成|投用|投运|投产|竣工|完工|通车")
NOT_YET = re.compile(r"(?:加快|力争|确保|争取|推动|推进|年内|将|计划|预计|即将|启动|开工|有望|要)$")
CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
RE_ENUM = re.compile(r"^[一二三四五六七八九十]+是")
RE_EXAMPLES = re.compile(r"^[^\d]*、[^、\d]*等(?=[^\d]{2,}$)")
RE_YEAR_ANY = re.compile(r"(?:到|至)?20\d\d年(?:底|末|前)?")
RE_YEAR_PREFIX = re.compile(r"^(?:到|至)?20\d\d年(?:底|末|前)?")
RE_PERIOD_YEAR = re.compile(r"(20\d\d)年")
RE_PERIOD_MULTI = re.compile(r"十[一二三四五六]五|五年|三年|两年")
LEVEL_VERBS = frozenset(
    {"达到", "达", "突破", "超过", "超", "增至", "提高到", "提升到", "累计完成", "总数达"}
)
RE_STOCK = re.compile(r"累计|总数|总量|共有|保有量|总计|合计")
RE_LEVEL_LEAD = re.compile(r"突破|达到|达|增至")
RE_LEVEL_END = re.compile(r"(?:突破|达到|增至|总数为?)$")
RE_ITEM_TAIL = re.compile(r"[、，,和及与]+$")
RE_FROM_TAIL = re.compile(r"(?:从|由)[^从由]{0,8}$")
RE_ONE_YEAR = re.compile(r"过去一年|一年来|去年|上年|全年|今年|年内|刚刚过去的")
# An alias found by looking back names the indicator only as the subject of a clause, not inside
# another noun (占国内生产总值的比重, 单位国内生产总值能耗, 稳住经济增长“20条”).
RE_CLAUSE_HEAD = re.compile(
    r"(?:^|[，,；;：:、。\s—\u200b])(?:全年|全省|全市|全区|全国|我省|我市|20\d\d年(?:全省|全市|全国)?)?$"
)
RE_NOT_SUBJECT_AFTER = re.compile(r"的|之|比|中|能耗|用水|水耗|总量的")
RE_CLAUSE_START = re.compile(r"[，,；;：:。！？!?]")
RE_SENTENCE_END = re.compile(r"[。；;！？!?]")
RE_THEME_NUMBER = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])\s*"
)
RE_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
BRACKETS = str.maketrans("", "", "（）()【】[]<>〈〉「」『』 \u3000\u200b")
VERDICTS = ("met", "missed", "not_reported")
DIMENSIONS = ("position", "theme", "part")


# ----------------------------------------------------------------------------------------------
# The indicator table


@dataclass(frozen=True, slots=True)
class Indicator:
    """A named indicator of the synonym table (``analyzer/resources/indicators.json``)."""

    id: str
    label: str
    aliases: tuple[str, ...]
    ceiling: bool
    headline: bool
    family: str


@dataclass(frozen=True)
class IndicatorTable:
    name: str
    version: str
    description: str
    replace: tuple[tuple[str, str], ...]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    decrease: tuple[str, ...]
    generic: frozenset[str]
    units: Mapping[str, tuple[str, Decimal]]
    indicators: tuple[Indicator, ...]
    by_alias: Mapping[str, Indicator]
    by_id: Mapping[str, Indicator]
    lookback: re.Pattern[str]
    raw_alias: Mapping[str, Indicator]
    ceiling_terms: tuple[str, ...]
    multi_sentence: re.Pattern[str]
    multi_clause: re.Pattern[str]
    quantity: re.Pattern[str]

    def family(self, unit: str) -> tuple[str, Decimal]:
        """The unit family of *unit* and its factor to the family's base unit."""
        return self.units.get(unit, (f"unit:{unit}", Decimal(1)))


@functools.cache
def load_indicators() -> IndicatorTable:
    """The packaged synonym table, validated (``analyzer/resources/indicators.json``)."""
    ref = resources.files("analyzer.resources").joinpath("indicators.json")
    data = json.loads(ref.read_text(encoding="utf-8"))
    need = (
        "name", "version", "description", "replace", "prefixes", "suffixes", "decrease", "generic",
        "families", "indicators", "ceiling_terms", "multi_year_sentence", "multi_year_clause",
    )  # fmt: skip
    missing = [k for k in need if k not in data]
    if missing:
        raise ConfigError(f"indicators.json lacks {', '.join(missing)}")
    units: dict[str, tuple[str, Decimal]] = {}
    for family, members in data["families"].items():
        for unit, factor in members.items():
            units[unit] = (family, Decimal(factor))
    longest = functools.partial(sorted, key=lambda s: (-len(s), s))
    partial = IndicatorTable(
        name=data["name"],
        version=str(data["version"]),
        description=data["description"],
        replace=tuple((a, b) for a, b in data["replace"]),
        prefixes=tuple(longest(data["prefixes"])),
        suffixes=tuple(longest(data["suffixes"])),
        decrease=tuple(longest(data["decrease"])),
        generic=frozenset(data["generic"]),
        units=units,
        indicators=(),
        by_alias={},
        by_id={},
        lookback=re.compile("(?!)"),
        raw_alias={},
        ceiling_terms=tuple(data["ceiling_terms"]),
        multi_sentence=re.compile(data["multi_year_sentence"]),
        multi_clause=re.compile(data["multi_year_clause"]),
        quantity=_quantity_regex(units),
    )
    indicators: list[Indicator] = []
    by_alias: dict[str, Indicator] = {}
    raw: dict[str, Indicator] = {}
    for item in data["indicators"]:
        for k in ("id", "label", "aliases", "ceiling", "headline", "family"):
            if k not in item:
                raise ConfigError(f"indicators.json: indicator {item.get('id')!r} lacks {k!r}")
        ind = Indicator(
            id=item["id"],
            label=item["label"],
            aliases=tuple(item["aliases"]),
            ceiling=bool(item["ceiling"]),
            headline=bool(item["headline"]),
            family=item["family"],
        )
        indicators.append(ind)
        for alias in ind.aliases:
            name, _ = _clean_name(alias, partial)
            by_alias.setdefault(name, ind)
            raw.setdefault(alias, ind)
    strong = [a for a in raw if len(a) >= 3 or a.isascii()]
    return dataclasses.replace(
        partial,
        indicators=tuple(indicators),
        by_alias=by_alias,
        by_id={i.id: i for i in indicators},
        lookback=re.compile("|".join(re.escape(a) for a in longest(strong))),
        raw_alias=raw,
    )


def _quantity_regex(units: Mapping[str, Any]) -> re.Pattern[str]:
    extra = ("万人", "亿元", "万元", "万亿元", "个百分点", "百分点", "%", "倍", "余", "多")
    names = sorted({*units, *extra}, key=lambda s: (-len(s), s))
    unit = "|".join(re.escape(u) for u in names)
    return re.compile(
        r"(?:从|由|达到|达|增加到|提高到|提升到|增至|降至|降到|突破|超过|不到|近|约|为)?"
        r"(?<![A-Za-z\d.])\d[\d.,]*(?![A-Za-z\d])(?:多|余)?[万亿千百]*(?:多|余)?"
        rf"(?:{unit})?(?:以上|以下|左右|以内)?"
    )


# ----------------------------------------------------------------------------------------------
# Indicator keys


@dataclass(frozen=True, slots=True)
class IndicatorKey:
    """What a commitment counts, reduced for alignment.

    ``key`` is ``None`` when the record names nothing that could be aligned.
    """

    key: str | None
    name: str
    indicator: Indicator | None
    family: str
    factor: Decimal
    multi_year: bool
    decrease: bool
    level: bool = False

    @property
    def label(self) -> str:
        return self.indicator.label if self.indicator else self.name


def _strip_affixes(text: str, table: IndicatorTable) -> tuple[str, bool]:
    down = False
    t = text
    for _ in range(12):
        before = t
        m = RE_FROM_TAIL.search(t)
        if m and m.start() >= 2:
            t = t[: m.start()]  # 起征点从月销售额 → 起征点
        m = RE_YEAR_PREFIX.match(t)
        if m:
            t = t[m.end() :]
        for p in table.prefixes:
            if t.startswith(p):
                t = t[len(p) :]
                break
        for s in table.suffixes:
            if t.endswith(s):
                t = t[: -len(s)]
                break
        for s in table.decrease:
            if t.endswith(s):
                t = t[: -len(s)]
                down = True
                break
        if t == before:
            break
    return t, down


def _clean_name(obj: str | None, table: IndicatorTable, *, after_noun: bool = False) -> tuple[str, bool]:
    """An object reduced to an indicator name, and whether it names a decrease.

    >>> table = load_indicators()
    >>> _clean_name("全年国内生产总值增长", table)
    ('国内生产总值', False)
    >>> _clean_name("国内生产总值达到134.9万亿元增长", table)
    ('国内生产总值', False)
    >>> _clean_name("城镇新增就业1361万人、调查失业率", table)
    ('调查失业率', False)
    >>> _clean_name("规模以上工业增加值增长", table)
    ('规上工业增加值', False)
    >>> _clean_name("单位国内生产总值能耗下降", table)
    ('单位国内生产总值能耗', True)

    With ``after_noun`` (the object follows the amount: 531处国保单位和976个景区景点), the
    record's own item is the first one:

    >>> _clean_name("国保单位和976个景区景点", table, after_noun=True)
    ('国保单位', False)
    """
    if not obj:
        return "", False
    t = obj
    for a, b in table.replace:
        t = t.replace(a, b)
    t = t.translate(BRACKETS)
    t = RE_ENUM.sub("", t)
    t = RE_EXAMPLES.sub("", t)  # 大数据、集成电路、智能终端等数字经济核心产业 → 数字经济核心产业
    t = RE_YEAR_ANY.sub("", t)  # 2025年全省地区生产总值 → 全省地区生产总值
    pieces = list(table.quantity.finditer(t))
    if pieces and after_noun:
        head = RE_ITEM_TAIL.sub("", t[: pieces[0].start()])
        name, down = _strip_affixes(head, table)
        if name and name not in table.generic:
            return name, down
    if pieces:
        # 城镇新增就业1361万人、调查失业率 → the item after the last amount;
        # 国内生产总值达到134.9万亿元增长 → the subject before it (with what follows);
        # 起征点从月销售额3万元提高到15万元、小微企业所得税实际最低税负率从10% → the last item before it.
        tail = t[pieces[-1].end() :].lstrip("、，,和及与")
        name, down = _strip_affixes(tail, table)
        if name and name not in table.generic:
            return name, down
        head = t[: pieces[-1].start()]
        cut = max(head.rfind("、"), head.rfind("，"), pieces[-2].end() - 1 if len(pieces) > 1 else -1)
        head = table.quantity.sub("", head[cut + 1 :])
        return _strip_affixes(head + tail, table)
    return _strip_affixes(t, table)


class _Context:
    """Lookups into one report: sentences, sections, parts, the text and the year."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.text = report.document.text
        self.year = report.document.year
        self.sentences = {s.id: s for s in report.structure.sentences}
        self.sections = {s.id: s for s in report.structure.sections}
        self.paragraphs = {p.id: p for p in report.structure.paragraphs}

    def part(self, section_id: str | None) -> str | None:
        sec = self.sections.get(section_id or "")
        return sec.part if sec else None

    def before_quantity(self, c: Commitment) -> str:
        """The sentence text before the record's amount."""
        sent = self.sentences.get(c.sentence_id)
        if sent is None:
            i = c.sentence.find(c.text)
            return c.sentence[: max(i, 0)]
        return self.text[sent.start : max(sent.start, c.start)]

    def earlier_paragraphs(self, c: Commitment) -> list[Any]:
        """The paragraphs of the record's section before its own, nearest first."""
        sent = self.sentences.get(c.sentence_id)
        para = self.paragraphs.get(sent.paragraph) if sent else None
        if para is None:
            return []
        same = [p for p in self.paragraphs.values() if p.section == para.section and p.start < para.start]
        return sorted(same, key=lambda p: -p.start)

    def ancestors(self, section_id: str | None) -> list[Any]:
        """The record's section and its parents, innermost first."""
        out: list[Any] = []
        sec = self.sections.get(section_id or "")
        while sec is not None and len(out) < 12:
            out.append(sec)
            sec = self.sections.get(sec.parent or "")
        return out

    def paragraph_before(self, c: Commitment) -> str:
        """The paragraph text before the record's amount (the sentence's, without a report)."""
        sent = self.sentences.get(c.sentence_id)
        para = self.paragraphs.get(sent.paragraph) if sent else None
        if para is None:
            return self.before_quantity(c)
        return self.text[para.start : max(para.start, c.start)]


def _is_multi_year(c: Commitment, ctx: _Context | None, table: IndicatorTable) -> bool:
    """Whether a record speaks of several years (“十四五”时期年均增长, 五年来…, 到2030年).

    Cues are read from the nearest scope that has one: the period, the sentence and clause
    before the amount, the paragraph before it, the openings of the earlier paragraphs of its
    section (刚刚过去的2025年，… / 五年来，…), then the titles of its sections (一、过去五年工作回顾).
    """
    year = ctx.year if ctx else None
    if c.period:
        if RE_PERIOD_MULTI.search(c.period):
            return True
        m = RE_PERIOD_YEAR.search(c.period)
        if m and year is not None and not (year - 1 <= int(m.group(1)) <= year):
            return True
    head = ctx.before_quantity(c) if ctx else c.sentence[: max(c.sentence.find(c.text), 0)]
    if table.multi_sentence.search(head):
        return True
    clause_start = max((m.end() for m in RE_CLAUSE_START.finditer(head)), default=0)
    if table.multi_clause.search(head[clause_start:]):
        return True
    if year is not None:
        for m in re.finditer(r"到(20\d\d)年", head):
            if int(m.group(1)) > year:
                return True
    if ctx is None:
        return False
    single = RE_ONE_YEAR if year is None else re.compile(f"{RE_ONE_YEAR.pattern}|{year - 1}年")
    para = ctx.paragraph_before(c)
    last_multi = max((m.end() for m in table.multi_sentence.finditer(para)), default=-1)
    last_single = max((m.end() for m in single.finditer(para)), default=-1)
    if last_multi >= 0 or last_single >= 0:
        return last_multi > last_single
    for p in ctx.earlier_paragraphs(c):
        # only a cue that opens the paragraph sets a scope (五年来，… / 刚刚过去的2025年，…)
        opening = ctx.text[p.start : min(p.end, p.start + 24)].lstrip(" \u3000—-“")
        hm, hs = table.multi_sentence.match(opening), single.match(opening)
        if hm or hs:
            return hm is not None
    for sec in ctx.ancestors(c.section):
        title = sec.title.replace("“", "").replace("”", "")
        hm, hs = table.multi_sentence.search(title), single.search(title)
        if hs:
            return False
        if hm:
            return True
    return False


def _lookback(c: Commitment, ctx: _Context | None, table: IndicatorTable) -> Indicator | None:
    """The indicator named last in the text just before the record (back to 。 or ；)."""
    if ctx is not None:
        lo = max(0, c.start - 120)
        window = ctx.text[lo : c.start]
    else:
        window = c.sentence[: max(c.sentence.find(c.text), 0)]
    ends = [m.end() for m in RE_SENTENCE_END.finditer(window)]
    window = window[ends[-1] :] if ends else window
    found = [
        m.group()
        for m in table.lookback.finditer(window)
        if RE_CLAUSE_HEAD.search(window[: m.start()]) and not RE_NOT_SUBJECT_AFTER.match(window, m.end())
    ]
    return table.raw_alias[found[-1]] if found else None


def indicator_key(c: Commitment, report: Report | None = None) -> IndicatorKey:
    """The alignment key of a commitment (see the module documentation).

    >>> from decimal import Decimal
    >>> rec = Commitment("5%左右", "地区生产总值增长5%左右。", "s1", None, 0, 4, "增长", "地区生产总值增长",
    ...                  Decimal(5), None, "%", "approx", "今年", "target")
    >>> indicator_key(rec).key
    'gdp|percent'
    """
    table = load_indicators()
    ctx = _Context(report) if report is not None else None
    return _key(c, ctx, table)


def _follows_amount(c: Commitment, ctx: _Context | None) -> bool:
    """Whether the object was read after the amount (6个惠民水站), not before it."""
    if not c.object:
        return False
    if ctx is not None:
        after = ctx.text[c.end : c.end + len(c.object) + 3]
    else:
        i = c.sentence.find(c.text)
        after = c.sentence[i + len(c.text) : i + len(c.text) + len(c.object) + 3] if i >= 0 else ""
    after = after.lstrip("的“‘《")
    return after.startswith(c.object.lstrip("“‘《")[:4])


def _is_level(c: Commitment, ctx: _Context | None) -> bool:
    """A count stated as a level reached (高新技术企业突破4500家, 累计…), not as an amount added
    (新认定高新技术企业1400家)."""
    if c.action in LEVEL_VERBS:
        return True
    head = ctx.before_quantity(c) if ctx else c.sentence[: max(c.sentence.find(c.text), 0)]
    clause = head[max((m.end() for m in RE_CLAUSE_START.finditer(head)), default=0) :]
    if RE_STOCK.search(clause):
        return True
    if c.action is not None and c.action in _change_verbs():
        return False
    return bool(RE_LEVEL_LEAD.match(c.text) or RE_LEVEL_END.search(clause))


@functools.cache
def _change_verbs() -> frozenset[str]:
    from analyzer.extract.commitments import load_actions

    return frozenset(load_actions().change)


def _key(c: Commitment, ctx: _Context | None, table: IndicatorTable) -> IndicatorKey:
    name, down = _clean_name(c.object, table, after_noun=_follows_amount(c, ctx))
    family, factor = table.family(c.unit)
    indicator = None
    if c.action == "新增" and not name.startswith("新增"):
        indicator = table.by_alias.get("新增" + name)
    if indicator is None:
        indicator = table.by_alias.get(name)
    if indicator is None and (len(name) < 2 or name in table.generic):
        indicator = _lookback(c, ctx, table)
    multi = _is_multi_year(c, ctx, table)
    if indicator is not None:
        base: str | None = indicator.id
        name = indicator.label
    elif len(name) < 2 or name in table.generic:
        base = None
    else:
        base = name + ("↓" if down else "")
    level = indicator is None and family not in RATE_FAMILIES and _is_level(c, ctx)
    key = (
        None
        if base is None
        else f"{base}|{family}" + ("|level" if level else "") + ("|multi-year" if multi else "")
    )
    return IndicatorKey(key, name, indicator, family, factor, multi, down and indicator is None, level)


@dataclass(frozen=True, slots=True)
class _Item:
    record: Commitment
    key: IndicatorKey
    part: str | None
    context: str
    also: int = 0

    def low(self) -> Decimal:
        return self.record.value * self.key.factor

    def high(self) -> Decimal:
        v = self.record.value_max if self.record.value_max is not None else self.record.value
        return v * self.key.factor

    def identity(self) -> tuple[Any, ...]:
        r = self.record
        return (self.key.key, self.low(), self.high(), r.bound)


def _items(records: Iterable[Commitment], ctx: _Context, table: IndicatorTable) -> list[_Item]:
    """Keyed records in text order, restatements (same key, value and bound) counted once."""
    out: list[_Item] = []
    seen: dict[tuple[Any, ...], int] = {}
    for c in records:
        k = _key(c, ctx, table)
        head = ctx.before_quantity(c)
        item = _Item(c, k, ctx.part(c.section), (head[-30:] + c.text))
        ident = item.identity()
        if k.key is not None and ident in seen:
            i = seen[ident]
            out[i] = dataclasses.replace(out[i], also=out[i].also + 1)
            continue
        seen[ident] = len(out)
        out.append(item)
    return out


# ----------------------------------------------------------------------------------------------
# Alignment and changes


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def _name_score(a: str, b: str) -> float:
    """Similarity of two indicator names (0-100): the rapidfuzz ratio, or, when that is at least
    80, the token-set ratio of their words (粮食作物完全成本保险覆盖率 / …综合承保覆盖率)."""
    from rapidfuzz import fuzz

    score = _ratio(a, b)
    if score >= FUZZY_MIN or score < 80:
        return score
    return float(fuzz.token_set_ratio(_words(a), _words(b)))


def _pair(before: list[_Item], after: list[_Item]) -> list[tuple[_Item | None, _Item | None, str | None]]:
    """Pairs (before, after, match) on keys, then on similar names; the rest unpaired."""
    by_key_b: dict[str, list[int]] = defaultdict(list)
    by_key_a: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(before):
        if it.key.key is not None:
            by_key_b[it.key.key].append(i)
    for j, it in enumerate(after):
        if it.key.key is not None:
            by_key_a[it.key.key].append(j)
    partner_b: dict[int, tuple[int, str]] = {}
    partner_a: dict[int, int] = {}
    for key, bs in by_key_b.items():
        as_ = by_key_a.get(key, [])
        if not as_:
            continue
        scored = sorted(
            ((_ratio(before[i].context, after[j].context), -i, -j, i, j) for i in bs for j in as_),
            reverse=True,
        )
        for _, _, _, i, j in scored:
            if i not in partner_b and j not in partner_a:
                partner_b[i], partner_a[j] = (j, "key"), i
    # names that differ a little: 规上工业企业研发经费投入 / 规上工业企业研发经费
    left_b = [i for i, it in enumerate(before) if i not in partner_b and it.key.key is not None]
    left_a = [j for j, it in enumerate(after) if j not in partner_a and it.key.key is not None]
    fuzzy = []
    for i in left_b:
        kb = before[i].key
        for j in left_a:
            ka = after[j].key
            if (kb.family, kb.multi_year, kb.decrease, kb.level) != (
                ka.family,
                ka.multi_year,
                ka.decrease,
                ka.level,
            ):
                continue
            if kb.indicator is not None or ka.indicator is not None:
                continue
            score = _name_score(kb.name, ka.name)
            if score >= FUZZY_MIN:
                fuzzy.append((score, -i, -j, i, j))
    for _, _, _, i, j in sorted(fuzzy, reverse=True):
        if i not in partner_b and j not in partner_a:
            partner_b[i], partner_a[j] = (j, "fuzzy"), i
    out: list[tuple[_Item | None, _Item | None, str | None]] = []
    for i, it in enumerate(before):
        if i in partner_b:
            j, how = partner_b[i]
            out.append((it, after[j], how))
        else:
            out.append((it, None, None))
    out.extend((None, it, None) for j, it in enumerate(after) if j not in partner_a)
    return out


def _change(b: _Item, a: _Item) -> str:
    if (b.low(), b.high()) == (a.low(), a.high()):
        return "same" if b.record.bound == a.record.bound else "changed_bound"
    mid_b = (b.low() + b.high()) / 2
    mid_a = (a.low() + a.high()) / 2
    if mid_a > mid_b:
        return "raised"
    if mid_a < mid_b:
        return "lowered"
    return "changed_bound"


# ----------------------------------------------------------------------------------------------
# Target tracking


def _is_ceiling(item: _Item, table: IndicatorTable) -> bool:
    k = item.key
    if item.record.bound == "at_most":
        return True
    if k.indicator is not None:
        return k.indicator.ceiling
    return not k.decrease and any(t in k.name for t in table.ceiling_terms)


def tolerance(target: Commitment, family: str | None = None) -> Decimal:
    """The allowance of a 左右 target: 0.5 point for rates, 10% of the target for amounts."""
    if target.bound != "approx":
        return Decimal(0)
    family = family or load_indicators().family(target.unit)[0]
    if family in RATE_FAMILIES:
        return TOLERANCE_RATE
    return abs(target.value) * TOLERANCE_RELATIVE


def judge(target: Commitment, achieved: Commitment | None, *, ceiling: bool) -> str:
    """``met``, ``missed`` or ``not_reported`` (see the module documentation for the rules).

    >>> from decimal import Decimal
    >>> t = Commitment("5%左右", "", "s", None, 0, 0, None, "国内生产总值增长", Decimal(5), None, "%", "approx", None, "target")
    >>> a = dataclasses.replace(t, value=Decimal("4.6"), bound="exact", status="achieved")
    >>> judge(t, a, ceiling=False), judge(t, dataclasses.replace(a, value=Decimal("4.4")), ceiling=False)
    ('met', 'missed')
    """
    if achieved is None:
        return "not_reported"
    table = load_indicators()
    fam_t, f_t = table.family(target.unit)
    fam_a, f_a = table.family(achieved.unit)
    if fam_t != fam_a:
        return "not_reported"
    tol = tolerance(target, fam_t) * f_t
    low = target.value * f_t
    high = (target.value_max if target.value_max is not None else target.value) * f_t
    value = achieved.value * f_a
    if ceiling:
        return "met" if value <= high + tol else "missed"
    return "met" if value >= low - tol else "missed"


def _best_result(items: Sequence[_Item]) -> _Item | None:
    """The result to judge a target by: one-year, in the review part first, then text order."""
    usable = [it for it in items if not it.key.multi_year]
    if not usable:
        return None
    return min(usable, key=lambda it: (it.part != "review", it.record.start))


def _best_target(items: Sequence[_Item], year: int | None) -> _Item | None:
    """The headline target among candidates: stated with 预期目标, for this year, in the plan part."""
    usable = [it for it in items if not it.key.multi_year]
    if not usable:
        return None
    this_year = {"今年", "年内", "全年", f"{year}年"}
    return min(
        usable,
        key=lambda it: (
            PLAN_CUES.search(it.record.sentence) is None,
            (it.record.period or "") not in this_year,
            it.part != "plan",
            it.record.start,
        ),
    )


# ----------------------------------------------------------------------------------------------
# Projects


@functools.cache
def _project_heads() -> tuple[str, ...]:
    fallback = (
        "产业园区",
        "产业园",
        "园区",
        "项目",
        "工程",
        "基地",
        "中心",
        "平台",
        "走廊",
        "新区",
        "开发区",
    )
    try:
        ref = resources.files("analyzer.resources").joinpath("project_lexicon.json")
        data = json.loads(ref.read_text(encoding="utf-8"))
        heads = {h for words in data["heads"].values() for h in words}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        heads = set(fallback)
    return tuple(sorted(heads | set(fallback), key=lambda s: (-len(s), s)))


def _canonical(name: str) -> str:
    """A project name as compared: the extractor's canonical form, without brackets and spaces."""
    try:
        from analyzer.extract.projects import canonical_name

        name = canonical_name(name)
    except ImportError:  # pragma: no cover - the extractor is optional here
        pass
    return re.sub(r"[“”\"'‘’《》]", "", name).translate(BRACKETS)


def _head(name: str) -> str:
    """The head of a project name (产业园, 项目, 高铁 …), bracketed parts aside: 国际物流港（太原） → 物流港."""
    bare = RE_BRACKETED.sub("", name).translate(BRACKETS)
    return next((h for h in _project_heads() if bare.endswith(h)), "")


@functools.cache
def _words(name: str) -> str:
    """A name as space-separated words (the project's jieba segmenter, with the policy lexicon)."""
    from analyzer.segment import make_segmenter

    return " ".join(t.text for t in make_segmenter("jieba").tokenize(name) if t.text.strip())


def _project_score(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    if a == b:
        return 100.0
    return float(max(fuzz.ratio(a, b), fuzz.token_sort_ratio(_words(a), _words(b))))


def _completed(p: Project, ctx: _Context) -> bool:
    for m in p.mentions:
        if ctx.part(m.section) == "plan":
            continue
        # the clause of the mention, at most 12 characters on each side
        lo = max(0, m.start - 12)
        breaks = [b.end() for b in RE_CLAUSE_START.finditer(ctx.text, lo, m.start)]
        lo = breaks[-1] if breaks else lo
        end = RE_CLAUSE_START.search(ctx.text, m.end, min(len(ctx.text), m.end + 12))
        hi = end.start() if end else min(len(ctx.text), m.end + 12)
        for w in COMPLETION.finditer(ctx.text, lo, hi):
            if w.start() < m.start or m.end <= w.start():
                before = ctx.text[max(lo, w.start() - 4) : w.start()]
                if not NOT_YET.search(before):
                    return True
    return False


@dataclass(frozen=True, slots=True)
class ProjectChange:
    name: str
    status: str
    before: Project | None
    after: Project | None
    score: float | None
    head: str


def _align_projects(before: Report, after: Report, ctx_after: _Context) -> list[ProjectChange]:
    pb = list(before.projects)
    pa = list(after.projects)
    nb = [_canonical(p.name) for p in pb]
    na = [_canonical(p.name) for p in pa]
    hb = [_head(p.name) for p in pb]
    ha = [_head(p.name) for p in pa]
    scored = []
    for i, x in enumerate(nb):
        for j, y in enumerate(na):
            hx, hy = hb[i], ha[j]
            if hx != hy or (not hx and pb[i].type != pa[j].type):
                continue
            s = _project_score(x, y)
            if s >= FUZZY_MIN:
                scored.append((s, -i, -j, i, j))
    pb_to: dict[int, tuple[int, float]] = {}
    pa_to: dict[int, int] = {}
    for s, _, _, i, j in sorted(scored, reverse=True):
        if i not in pb_to and j not in pa_to:
            pb_to[i], pa_to[j] = (j, s), i
    out: list[ProjectChange] = []
    for i, p in enumerate(pb):
        if i in pb_to:
            j, s = pb_to[i]
            status = "completed" if _completed(pa[j], ctx_after) else "continued"
            out.append(ProjectChange(pa[j].name, status, p, pa[j], s, ha[j]))
        else:
            out.append(ProjectChange(p.name, "dropped", p, None, None, hb[i]))
    for j, p in enumerate(pa):
        if j not in pa_to:
            out.append(ProjectChange(p.name, "new", None, p, None, ha[j]))
    return out


# ----------------------------------------------------------------------------------------------
# Emphasis and keyness


def _theme(ctx: _Context, section_id: str | None) -> str:
    sec = ctx.sections.get(section_id or "")
    while sec is not None and sec.level > 2 and sec.parent:
        sec = ctx.sections.get(sec.parent)
    if sec is None:
        return "none"
    title = RE_THEME_NUMBER.sub("", sec.title)
    title = re.sub(r"20\d\d年", "", title).strip(" 。；;：:，,")
    return title or "none"


def emphasis(report: Report) -> list[dict[str, Any]]:
    """Counts and shares of sentences, targets, results and projects per position, per theme (level-1
    or level-2 section title) and per part (review, plan, other) of one report."""
    ctx = _Context(report)
    sentence_pos: dict[str, str] = {}
    items: list[tuple[str, str, str | None, str]] = []  # (kind, position, section, sentence)
    for kind, records in (("commitments", report.commitments), ("achievements", report.achievements)):
        for c in records:
            pid = c.positions[0].id if c.positions else "none"
            items.append((kind, pid, c.section, c.sentence_id))
    for p in report.projects:
        pid = p.positions[0].id if p.positions else "none"
        first = p.mentions[0] if p.mentions else None
        items.append(("projects", pid, first.section if first else None, first.sentence if first else ""))
    for _, pid, _, sid in items:
        if pid != "none":
            sentence_pos.setdefault(sid, pid)
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for s in report.structure.sentences:
        counts[("position", sentence_pos.get(s.id, "none"))]["sentences"] += 1
        counts[("theme", _theme(ctx, s.section))]["sentences"] += 1
        counts[("part", ctx.part(s.section) or "none")]["sentences"] += 1
    for kind, pid, section, _ in items:
        counts[("position", pid)][kind] += 1
        counts[("theme", _theme(ctx, section))][kind] += 1
        counts[("part", ctx.part(section) or "none")][kind] += 1
    kinds = ("sentences", "commitments", "achievements", "projects")
    totals = {
        dim: {k: sum(n[k] for (d, _), n in counts.items() if d == dim) for k in kinds} for dim in DIMENSIONS
    }
    rows = []
    for (dim, label), n in counts.items():
        row: dict[str, Any] = {"dimension": dim, "label": label}
        for k in kinds:
            row[k] = n[k]
            row[f"{k}_share"] = round(n[k] / totals[dim][k], 4) if totals[dim][k] else 0.0
        rows.append(row)
    rows.sort(key=lambda r: (DIMENSIONS.index(r["dimension"]), -r["sentences"], r["label"]))
    return rows


def _word_counts(report: Report) -> Counter[str]:
    return Counter(t.text for t in report.tokens if CJK_WORD.fullmatch(t.text))


def _g2(a: float, b: float, t_total: float, r_total: float, correction: str) -> float:
    """quanteda's ``lr_lambda`` (quanteda.textstats src/keyness.cpp), signed."""
    eps = 1e-9
    c, d = t_total - a, r_total - b
    n = a + b + c + d
    e = (a + b) * (a + c) / n
    aa, bb, cc, dd = a, b, c, d
    if correction in ("default", "yates"):
        delta = 0.0
        if abs(a * d - b * c) >= n / 2 and (
            (a + b) * (a + c) / n < 5
            or (a + b) * (b + d) / n < 5
            or (a + c) * (c + d) / n < 5
            or (c + d) * (b + d) / n < 5
        ):
            delta = 0.5
        sign = a * d - b * c > 0
        aa += -delta if sign else delta
        bb += delta if sign else -delta
        cc += delta if sign else -delta
        dd += -delta if sign else delta

    def term(o: float, expected: float) -> float:
        return o * math.log(o / expected + eps) if o else 0.0

    res = 2 * (
        term(aa, (aa + bb) * (aa + cc) / n)
        + term(bb, (aa + bb) * (bb + dd) / n)
        + term(cc, (aa + cc) * (cc + dd) / n)
        + term(dd, (bb + dd) * (cc + dd) / n)
    )
    res *= 1.0 if a > e else -1.0
    if correction == "williams" and a * b * c * d != 0:
        q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
        res /= q
    return res


def keyness(
    target: Report | Mapping[str, int],
    reference: Report | Mapping[str, int],
    *,
    correction: str = "default",
) -> list[dict[str, Any]]:
    """Signed G² of every word, *target* against *reference*, sorted as quanteda sorts them.

    Reports are reduced to their Chinese words of two or more characters; counts may be given
    directly.  ``p`` is the chi-squared (1 df) tail of ``|G2|``.

    >>> rows = keyness({"创新": 30, "发展": 50}, {"创新": 10, "发展": 70})
    >>> [(r["feature"], round(r["G2"], 2)) for r in rows]
    [('创新', 13.81), ('发展', -13.81)]
    """
    if correction not in ("default", "yates", "williams", "none"):
        raise ConfigError(f"correction must be one of default, yates, williams, none; got {correction!r}")
    tc = target if isinstance(target, Mapping) else _word_counts(target)
    rc = reference if isinstance(reference, Mapping) else _word_counts(reference)
    t_total, r_total = sum(tc.values()), sum(rc.values())
    if not t_total or not r_total:
        return []
    rows: list[dict[str, Any]] = []
    for feature in set(tc) | set(rc):
        a, b = float(tc.get(feature, 0)), float(rc.get(feature, 0))
        g2 = _g2(a, b, t_total, r_total, correction)
        p = math.erfc(math.sqrt(abs(g2) / 2))
        rows.append({"feature": feature, "G2": g2, "p": p, "n_target": int(a), "n_reference": int(b)})
    rows.sort(key=lambda r: (-r["G2"], r["feature"]))
    return rows


# ----------------------------------------------------------------------------------------------
# The comparison


@dataclass(frozen=True, slots=True)
class CommitmentChange:
    key: str | None
    object: str
    indicator: str | None
    family: str
    status: str  # new / continued / dropped
    change: str | None  # raised / lowered / same / changed_bound (continued only)
    before: Commitment | None
    after: Commitment | None
    match: str | None  # key / fuzzy
    restated_before: int = 0
    restated_after: int = 0


@dataclass(frozen=True, slots=True)
class Tracking:
    indicator: str
    key: str
    target: Commitment
    achieved: Commitment | None
    verdict: str
    ceiling: bool
    tolerance: Decimal


def _doc_meta(report: Report) -> dict[str, Any]:
    d = report.document
    return {"id": d.id, "government": d.government, "year": d.year, "title": d.title, "path": d.path}


def _number(value: Decimal | None) -> int | float | None:
    from analyzer.export.jsonout import number

    return number(value)


class Comparison:
    """Two reports of one government, aligned (build with :func:`compare`)."""

    def __init__(self, before: Report, after: Report) -> None:
        table = load_indicators()
        self.before = before
        self.after = after
        self.table = table
        cb, ca = _Context(before), _Context(after)
        self._ctx = (cb, ca)
        items_b = _items(before.commitments, cb, table)
        items_a = _items(after.commitments, ca, table)
        self.commitments: list[CommitmentChange] = []
        for b, a, how in _pair(items_b, items_a):
            ref = b or a
            assert ref is not None
            status = "continued" if b and a else ("dropped" if b else "new")
            self.commitments.append(
                CommitmentChange(
                    key=ref.key.key,
                    object=ref.key.label,
                    indicator=ref.key.indicator.id if ref.key.indicator else None,
                    family=ref.key.family,
                    status=status,
                    change=_change(b, a) if b and a else None,
                    before=b.record if b else None,
                    after=a.record if a else None,
                    match=how,
                    restated_before=b.also if b else 0,
                    restated_after=a.also if a else 0,
                )
            )
        self.projects = _align_projects(before, after, ca)
        self.tracking = self._track(items_b, _items(after.achievements, ca, table))
        self.emphasis_before = emphasis(before)
        self.emphasis_after = emphasis(after)
        self._keyness: list[dict[str, Any]] | None = None

    # -- tracking ------------------------------------------------------------------------------

    def _track(self, targets: list[_Item], results: list[_Item]) -> list[Tracking]:
        yb, ya = self.before.document.year, self.after.document.year
        if yb is not None and ya is not None and ya != yb + 1:
            return []
        by_key: dict[str, list[_Item]] = defaultdict(list)
        for r in results:
            if r.key.key is not None:
                by_key[r.key.key].append(r)
        out = []
        for t in targets:
            if t.key.key is None or t.key.multi_year:
                continue
            best = _best_result(by_key.get(t.key.key, []))
            if best is None and t.key.indicator is None:
                similar = [
                    r
                    for r in results
                    if r.key.key is not None
                    and r.key.indicator is None
                    and (r.key.family, r.key.decrease, r.key.level)
                    == (t.key.family, t.key.decrease, t.key.level)
                    and _name_score(r.key.name, t.key.name) >= FUZZY_MIN
                ]
                best = _best_result(similar)
            ceiling = _is_ceiling(t, self.table)
            achieved = best.record if best else None
            out.append(
                Tracking(
                    indicator=t.key.label,
                    key=t.key.key,
                    target=t.record,
                    achieved=achieved,
                    verdict=judge(t.record, achieved, ceiling=ceiling),
                    ceiling=ceiling,
                    tolerance=tolerance(t.record, t.key.family),
                )
            )
        return out

    # -- keyness -------------------------------------------------------------------------------

    def keyness(self, correction: str = "default") -> list[dict[str, Any]]:
        """Signed G² of the later report's words against the earlier's (see :func:`keyness`)."""
        if correction != "default":
            return keyness(self.after, self.before, correction=correction)
        if self._keyness is None:
            self._keyness = keyness(self.after, self.before)
        return self._keyness

    # -- dict and frames -----------------------------------------------------------------------

    def _emphasis_rows(self, dimension: str) -> list[dict[str, Any]]:
        kinds = ("sentences", "commitments", "achievements", "projects")
        b = {r["label"]: r for r in self.emphasis_before if r["dimension"] == dimension}
        a = {r["label"]: r for r in self.emphasis_after if r["dimension"] == dimension}
        labels = list(b) + [x for x in a if x not in b]
        rows = []
        for label in labels:
            row: dict[str, Any] = {{"position": "id"}.get(dimension, dimension): label}
            for side, src in (("before", b), ("after", a)):
                r = src.get(label)
                row[side] = {
                    **{k: (r[k] if r else 0) for k in kinds},
                    **{f"{k}_share": (r[f"{k}_share"] if r else 0.0) for k in kinds},
                }
            rows.append(row)
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: commitments, projects, tracking, positions, keyness (and more)."""
        from analyzer.export.jsonout import commitment_to_dict, project_to_dict

        rb, ra = self.before, self.after

        def rec(c: Commitment | None, report: Report) -> dict[str, Any] | None:
            return commitment_to_dict(c, report) if c is not None else None

        def proj(p: Project | None, report: Report) -> dict[str, Any] | None:
            return project_to_dict(p, report) if p is not None else None

        kn = self.keyness()
        top = [r for r in kn if r["G2"] > 0][:KEYNESS_LIMIT]
        bottom = [r for r in reversed(kn) if r["G2"] < 0][:KEYNESS_LIMIT]
        return {
            "comparison_version": COMPARISON_VERSION,
            "indicators": f"{self.table.name}@{self.table.version}",
            "documents": {"before": _doc_meta(rb), "after": _doc_meta(ra)},
            "commitments": [
                {
                    "key": c.key,
                    "object": c.object,
                    "indicator": c.indicator,
                    "family": c.family,
                    "status": c.status,
                    "change": c.change,
                    "match": c.match,
                    "restated_before": c.restated_before,
                    "restated_after": c.restated_after,
                    "before": rec(c.before, rb),
                    "after": rec(c.after, ra),
                }
                for c in self.commitments
            ],
            "projects": [
                {
                    "name": p.name,
                    "status": p.status,
                    "head": p.head,
                    "score": p.score,
                    "before": proj(p.before, rb),
                    "after": proj(p.after, ra),
                }
                for p in self.projects
            ],
            "tracking": [
                {
                    "indicator": t.indicator,
                    "key": t.key,
                    "verdict": t.verdict,
                    "ceiling": t.ceiling,
                    "tolerance": _number(t.tolerance),
                    "target": rec(t.target, rb),
                    "achieved": rec(t.achieved, ra),
                }
                for t in self.tracking
            ],
            "positions": self._emphasis_rows("position"),
            "themes": self._emphasis_rows("theme"),
            "parts": self._emphasis_rows("part"),
            "keyness": [
                {**r, "G2": round(r["G2"], 4), "p": float(f"{r['p']:.6g}")} for r in top + bottom[::-1]
            ],
            "tolerances": {"rate_points": _number(TOLERANCE_RATE), "relative": _number(TOLERANCE_RELATIVE)},
        }

    def commitments_df(self) -> pd.DataFrame:
        import pandas as pd

        rows = []
        for c in self.commitments:
            row: dict[str, Any] = {
                "key": c.key,
                "object": c.object,
                "status": c.status,
                "change": c.change,
                "match": c.match,
            }
            for side, r in (("before", c.before), ("after", c.after)):
                row[f"{side}_value"] = _number(r.value) if r else None
                row[f"{side}_value_max"] = _number(r.value_max) if r else None
                row[f"{side}_unit"] = r.unit if r else None
                row[f"{side}_bound"] = r.bound if r else None
                row[f"{side}_text"] = r.text if r else None
                row[f"{side}_sentence"] = r.sentence if r else None
            rows.append(row)
        return pd.DataFrame(rows)

    def tracking_df(self) -> pd.DataFrame:
        import pandas as pd

        rows = [
            {
                "indicator": t.indicator,
                "key": t.key,
                "target_value": _number(t.target.value),
                "target_value_max": _number(t.target.value_max),
                "target_unit": t.target.unit,
                "target_bound": t.target.bound,
                "achieved_value": _number(t.achieved.value) if t.achieved else None,
                "achieved_unit": t.achieved.unit if t.achieved else None,
                "achieved_bound": t.achieved.bound if t.achieved else None,
                "verdict": t.verdict,
                "ceiling": t.ceiling,
                "target_sentence": t.target.sentence,
                "achieved_sentence": t.achieved.sentence if t.achieved else None,
            }
            for t in self.tracking
        ]
        return pd.DataFrame(rows)

    def projects_df(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "name": p.name,
                    "status": p.status,
                    "head": p.head,
                    "score": p.score,
                    "before": p.before.name if p.before else None,
                    "after": p.after.name if p.after else None,
                }
                for p in self.projects
            ],
            columns=["name", "status", "head", "score", "before", "after"],
        )

    def emphasis_df(self) -> pd.DataFrame:
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for report, em in ((self.before, self.emphasis_before), (self.after, self.emphasis_after)):
            rows.extend({"year": report.document.year, "document": report.document.id, **r} for r in em)
        return pd.DataFrame(rows)

    def positions_df(self) -> pd.DataFrame:
        df = self.emphasis_df()
        return df[df["dimension"] == "position"].reset_index(drop=True)

    def themes_df(self) -> pd.DataFrame:
        df = self.emphasis_df()
        return df[df["dimension"] == "theme"].reset_index(drop=True)

    def keyness_df(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.keyness(), columns=["feature", "G2", "p", "n_target", "n_reference"])

    # -- summaries -----------------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        return {
            "commitments": dict(Counter(c.status for c in self.commitments)),
            "changes": dict(Counter(c.change for c in self.commitments if c.change)),
            "projects": dict(Counter(p.status for p in self.projects)),
            "tracking": dict(Counter(t.verdict for t in self.tracking)),
        }

    def _title(self) -> str:
        b, a = self.before.document, self.after.document
        gov = b.government or a.government or ""
        return f"{gov} {b.year or b.id} → {a.year or a.id}".strip()

    def __repr__(self) -> str:
        s = self.summary()
        return f"<Comparison {self._title()}: commitments {s['commitments']}, tracking {s['tracking']}>"

    def _repr_html_(self) -> str:
        s = self.summary()
        esc = html.escape
        parts = [f"<h4>{esc(self._title())}</h4>", "<table>"]
        for name, counts in s.items():
            cells = ", ".join(f"{esc(str(k))}: {v}" for k, v in counts.items()) or "—"
            parts.append(f"<tr><th>{esc(name)}</th><td>{cells}</td></tr>")
        parts.append("</table>")
        parts.append(_html_table(_tracking_rows(self.tracking), limit=20))
        return "\n".join(parts)

    def to_markdown(self) -> str:
        s = self.summary()
        lines = [f"# {_md(self._title())}", ""]
        for name, counts in s.items():
            lines.append(f"- **{name}**: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "—"))
        lines += ["", "## Target tracking", "", _md_table(_tracking_rows(self.tracking))]
        lines += ["", "## Commitments", "", _md_table(_commitment_rows(self.commitments))]
        if self.projects:
            lines += ["", "## Projects", "", _md_table(_project_rows(self.projects))]
        lines += ["", "## Positions", "", _md_table(_emphasis_table(self._emphasis_rows("position"), "id"))]
        lines += ["", "## Themes", "", _md_table(_emphasis_table(self._emphasis_rows("theme"), "theme"))]
        lines += ["", "## Keyness (G², later against earlier)", "", _md_table(_keyness_rows(self))]
        return "\n".join(lines) + "\n"

    def figures(self) -> list[tuple[str, Figure]]:
        from analyzer import plots

        return [
            ("主题侧重（句子占比）", plots.emphasis_figure(self)),
            ("关键词（G²）", plots.keyness_figure(self)),
        ]

    def to_html(self) -> str:
        """A self-contained HTML report (plots as base64 PNG, no external resources)."""
        from analyzer import plots

        esc = html.escape
        s = self.summary()
        body = [f"<h1>{esc(self._title())}</h1>", "<ul>"]
        for name, counts in s.items():
            body.append(
                f"<li><b>{esc(name)}</b>: "
                + (esc(", ".join(f"{k} {v}" for k, v in counts.items())) or "—")
                + "</li>"
            )
        body.append("</ul>")
        for caption, fig in self.figures():
            body.append(f"<figure><img alt='{esc(caption)}' src='{plots.png_data_uri(fig)}'>")
            body.append(f"<figcaption>{esc(caption)}</figcaption></figure>")
        body += ["<h2>Target tracking</h2>", _html_table(_tracking_rows(self.tracking))]
        body += ["<h2>Commitments</h2>", _html_table(_commitment_rows(self.commitments))]
        body += ["<h2>Projects</h2>", _html_table(_project_rows(self.projects))]
        body += ["<h2>Positions</h2>", _html_table(_emphasis_table(self._emphasis_rows("position"), "id"))]
        body += ["<h2>Themes</h2>", _html_table(_emphasis_table(self._emphasis_rows("theme"), "theme"))]
        body += ["<h2>Keyness</h2>", _html_table(_keyness_rows(self))]
        return _html_page(self._title(), "\n".join(body))


# ----------------------------------------------------------------------------------------------
# Rendering helpers


def _fmt(c: Commitment | None) -> str:
    if c is None:
        return ""
    from analyzer.export.jsonout import number

    v = f"{number(c.value)}"
    if c.value_max is not None:
        v += f"–{number(c.value_max)}"
    bound = {"at_least": "≥", "at_most": "≤", "approx": "≈", "exact": ""}[c.bound]
    return f"{bound}{v} {c.unit}".strip()


def _tracking_rows(tracking: Sequence[Tracking]) -> list[dict[str, str]]:
    return [
        {
            "indicator": t.indicator,
            "target": _fmt(t.target),
            "achieved": _fmt(t.achieved),
            "verdict": t.verdict,
            "target sentence": t.target.sentence,
        }
        for t in tracking
    ]


def _commitment_rows(changes: Sequence[CommitmentChange]) -> list[dict[str, str]]:
    return [
        {
            "object": c.object,
            "status": c.status,
            "change": c.change or "",
            "before": _fmt(c.before),
            "after": _fmt(c.after),
            "before text": c.before.sentence if c.before else "",
            "after text": c.after.sentence if c.after else "",
        }
        for c in changes
    ]


def _project_rows(projects: Sequence[ProjectChange]) -> list[dict[str, str]]:
    return [
        {
            "name": p.name,
            "status": p.status,
            "before": p.before.name if p.before else "",
            "after": p.after.name if p.after else "",
        }
        for p in projects
    ]


def _emphasis_table(rows: Sequence[Mapping[str, Any]], label: str) -> list[dict[str, str]]:
    out = []
    for r in rows:
        row = {label: str(r[label])}
        for kind in ("sentences", "commitments", "projects"):
            row[f"{kind} before"] = f"{r['before'][f'{kind}_share']:.1%}"
            row[f"{kind} after"] = f"{r['after'][f'{kind}_share']:.1%}"
        out.append(row)
    return out


def _keyness_rows(comp: Comparison, n: int = 20) -> list[dict[str, str]]:
    kn = comp.keyness()
    picked = kn[:n] + [r for r in kn[-n:] if r["G2"] < 0]
    return [
        {
            "feature": r["feature"],
            "G2": f"{r['G2']:.2f}",
            "p": f"{r['p']:.3g}",
            "later": str(r["n_target"]),
            "earlier": str(r["n_reference"]),
        }
        for r in picked
        if r["G2"] != 0
    ]


def _md(text: Any) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return "_none_"
    cols = list(rows[0])
    lines = ["| " + " | ".join(_md(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(_md(r.get(c, "")) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def _html_table(rows: Sequence[Mapping[str, Any]], limit: int | None = None) -> str:
    if not rows:
        return "<p><i>none</i></p>"
    esc = html.escape
    cols = list(rows[0])
    shown = rows[:limit] if limit else rows
    out = ["<table>", "<tr>" + "".join(f"<th>{esc(str(c))}</th>" for c in cols) + "</tr>"]
    for r in shown:
        out.append("<tr>" + "".join(f"<td>{esc(str(r.get(c, '')))}</td>" for c in cols) + "</tr>")
    out.append("</table>")
    if limit and len(rows) > limit:
        out.append(f"<p>… {len(rows) - limit} more</p>")
    return "\n".join(out)


def _html_page(title: str, body: str) -> str:
    css = (
        "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:2em;max-width:80em}"
        "table{border-collapse:collapse;margin:1em 0;font-size:90%}"
        "th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}"
        "th{background:#f3f3f3}img{max-width:100%}figure{margin:1em 0}"
    )
    return (
        "<!DOCTYPE html>\n<html lang='zh'>\n<head>\n<meta charset='utf-8'>\n"
        f"<title>{html.escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# ----------------------------------------------------------------------------------------------
# Entry points


def _as_report(x: Any, analyzer: Analyzer | None) -> Report:
    if hasattr(x, "document") and hasattr(x, "commitments"):
        return x  # type: ignore[no-any-return, unused-ignore]
    if not isinstance(x, str | os.PathLike):
        raise ConfigError(f"expected a Report or a path; got {type(x).__name__}")
    path = Path(x)
    if not path.is_file():
        raise LoadError(path, "no such file")
    if analyzer is None:
        from analyzer.pipeline import Analyzer

        analyzer = Analyzer()
    return analyzer.analyze(path)


def _check_same_government(reports: Sequence[Report], force: bool) -> None:
    govs = {r.document.government for r in reports}
    if len(govs) > 1 and not force:
        names = " and ".join(sorted(f"{g or '(unknown government)'}" for g in govs))
        ids = ", ".join(r.document.id for r in reports)
        raise AnalyzerError(
            f"reports of different governments ({names}: {ids}); pass force=True (--force) to compare anyway"
        )


def compare(a: Any, b: Any, *, force: bool = False, analyzer: Analyzer | None = None) -> Comparison:
    """Align two reports (Reports or paths) of the same government; the earlier year comes first.

    Raises :class:`~analyzer.errors.AnalyzerError` naming both governments when they differ,
    unless ``force=True``.
    """
    ra, rb = _as_report(a, analyzer), _as_report(b, analyzer)
    _check_same_government((ra, rb), force)
    ya, yb = ra.document.year, rb.document.year
    if ya is not None and yb is not None and ya > yb:
        ra, rb = rb, ra
    return Comparison(ra, rb)


# ----------------------------------------------------------------------------------------------
# Timeline


def headline_target(report: Report, indicator: str) -> Commitment | None:
    """The target a report sets for a table indicator (``gdp``, ``new_urban_jobs``, ``cpi`` …).

    Among one-year targets of the indicator in its headline unit family, the one stated with
    预期目标/主要目标, for this year, in the plan part, first in the text.
    """
    item = _headline(report, indicator, targets=True)
    return item.record if item else None


def headline_result(report: Report, indicator: str) -> Commitment | None:
    """The result a report gives for a table indicator (one-year, review part first)."""
    item = _headline(report, indicator, targets=False)
    return item.record if item else None


def _keyed(report: Report, *, targets: bool) -> list[_Item]:
    records = report.commitments if targets else report.achievements
    return _items(records, _Context(report), load_indicators())


def _headline(
    report: Report,
    indicator: str,
    *,
    targets: bool,
    family: str | None = None,
    items: Sequence[_Item] | None = None,
) -> _Item | None:
    ind = load_indicators().by_id.get(indicator)
    family = family or (ind.family if ind else None)
    if items is None:
        items = _keyed(report, targets=targets)
    items = [
        it
        for it in items
        if it.key.key is not None
        and (it.key.indicator.id if it.key.indicator else it.key.name) == indicator
        and (family is None or it.key.family == family)
    ]
    return _best_target(items, report.document.year) if targets else _best_result(items)


def _resolve(indicator: str) -> tuple[str, str | None, str]:
    """An indicator given as text → (id or name, family or None, label)."""
    table = load_indicators()
    if indicator in table.by_id:
        ind = table.by_id[indicator]
        return ind.id, ind.family, ind.label
    name, _ = _clean_name(indicator.replace("CPI", "居民消费价格"), table)
    found = table.by_alias.get(name) or table.by_alias.get("新增" + name)
    if found is not None:
        return found.id, found.family, found.label
    if not name:
        raise ConfigError(f"indicator {indicator!r} names nothing to look for")
    return name, None, name


class Timeline:
    """Targets of each year against the results the next year's report gives (see :func:`timeline`)."""

    def __init__(self, reports: Sequence[Report], indicators: Sequence[str] | None = None) -> None:
        table = load_indicators()
        self.reports = tuple(reports)
        self.government = next((r.document.government for r in reports if r.document.government), None)
        specs = [_resolve(i) for i in indicators] if indicators else None
        if specs is None:
            specs = [(i.id, i.family, i.label) for i in table.indicators if i.headline]
        self.specs = specs
        by_year = {r.document.year: r for r in self.reports}
        self.rows: list[dict[str, Any]] = []
        self._records: list[tuple[Report, Commitment | None, Report | None, Commitment | None]] = []
        targets = {id(r): _keyed(r, targets=True) for r in self.reports}
        results = {id(r): _keyed(r, targets=False) for r in self.reports}
        families = {ident: family or self._family_of(ident, targets) for ident, family, _ in specs}
        for r in self.reports:
            year = r.document.year
            nxt = by_year.get(year + 1) if year is not None else None
            for ident, _, label in specs:
                fam = families[ident]
                t = _headline(r, ident, targets=True, family=fam, items=targets[id(r)])
                a = (
                    _headline(nxt, ident, targets=False, family=fam, items=results[id(nxt)])
                    if nxt is not None
                    else None
                )
                if t is None and a is None:
                    continue
                ceiling = _is_ceiling(t, table) if t else False
                verdict = judge(t.record, a.record if a else None, ceiling=ceiling) if t else None
                tr, ar = (t.record if t else None), (a.record if a else None)
                self._records.append((r, tr, nxt, ar))
                self.rows.append(
                    {
                        "year": year,
                        "indicator": label,
                        "key": (t or a).key.key if (t or a) else None,  # type: ignore[union-attr]
                        "target_value": _number(tr.value) if tr else None,
                        "target_value_max": _number(tr.value_max) if tr else None,
                        "target_bound": tr.bound if tr else None,
                        "target_unit": tr.unit if tr else None,
                        "achieved_value": _number(ar.value) if ar else None,
                        "achieved_bound": ar.bound if ar else None,
                        "achieved_unit": ar.unit if ar else None,
                        "reported_in": nxt.document.year if (ar and nxt) else None,
                        "verdict": verdict,
                        "ceiling": ceiling,
                        "target_sentence": tr.sentence if tr else None,
                        "achieved_sentence": ar.sentence if ar else None,
                    }
                )

    def _family_of(self, ident: str, targets: Mapping[int, list[_Item]]) -> str | None:
        """The most common unit family of a free-text indicator's targets across the series."""
        fams: Counter[str] = Counter(
            it.key.family
            for r in self.reports
            for it in targets[id(r)]
            if it.key.key is not None and it.key.name == ident
        )
        return fams.most_common(1)[0][0] if fams else None

    @property
    def years(self) -> list[int | None]:
        return [r.document.year for r in self.reports]

    def to_df(self) -> pd.DataFrame:
        import pandas as pd

        cols = [
            "year", "indicator", "key", "target_value", "target_value_max", "target_bound", "target_unit",
            "achieved_value", "achieved_bound", "achieved_unit", "reported_in", "verdict", "ceiling",
            "target_sentence", "achieved_sentence",
        ]  # fmt: skip
        return pd.DataFrame(self.rows, columns=cols)

    df = property(to_df)

    def to_dict(self) -> dict[str, Any]:
        from analyzer.export.jsonout import commitment_to_dict

        rows = []
        for row, (r, t, nxt, a) in zip(self.rows, self._records, strict=True):
            rows.append(
                {
                    **{k: v for k, v in row.items() if not k.endswith("_sentence")},
                    "target": commitment_to_dict(t, r) if t else None,
                    "achieved": commitment_to_dict(a, nxt) if (a and nxt) else None,
                }
            )
        return {
            "comparison_version": COMPARISON_VERSION,
            "government": self.government,
            "documents": [_doc_meta(r) for r in self.reports],
            "indicators": [label for _, _, label in self.specs],
            "rows": rows,
            "emphasis": [
                {"year": r.document.year, "document": r.document.id, **e}
                for r in self.reports
                for e in emphasis(r)
            ],
        }

    def emphasis_df(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.to_dict()["emphasis"])

    def comparisons(self) -> list[Comparison]:
        """The comparisons of consecutive reports of the series."""
        return [Comparison(a, b) for a, b in zip(self.reports, self.reports[1:], strict=False)]

    def plot(self) -> Figure:
        from analyzer import plots

        return plots.timeline_figure(self)

    def to_markdown(self) -> str:
        rows = [
            {
                "year": r["year"],
                "indicator": r["indicator"],
                "target": _fmt(t),
                "achieved": _fmt(a),
                "verdict": r["verdict"] or "no target",
            }
            for r, (_, t, _, a) in zip(self.rows, self._records, strict=True)
        ]
        return f"# {_md(self.government or '')} timeline\n\n{_md_table(rows)}\n"

    def to_html(self) -> str:
        from analyzer import plots

        esc = html.escape
        title = f"{self.government or ''} 预期目标与次年报告的实际结果"
        rows = [
            {
                "year": r["year"],
                "indicator": r["indicator"],
                "target": _fmt(t),
                "achieved": _fmt(a),
                "verdict": r["verdict"] or "no target",
                "target sentence": t.sentence if t else "",
                "achieved sentence": a.sentence if a else "",
            }
            for r, (_, t, _, a) in zip(self.rows, self._records, strict=True)
        ]
        body = (
            f"<h1>{esc(title)}</h1>\n<figure><img alt='{esc(title)}' src='{plots.png_data_uri(self.plot())}'></figure>\n"
            + _html_table(rows)
        )
        return _html_page(title, body)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the plot (.png), the HTML report (.html) or the JSON rows (.json), atomically."""
        from analyzer import plots
        from analyzer.export.jsonout import dumps
        from analyzer.io import write_bytes, write_text

        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".png":
            write_bytes(target, plots.figure_png(self.plot()))
        elif suffix in (".html", ".htm"):
            write_text(target, self.to_html())
        elif suffix == ".json":
            write_text(target, dumps(self.to_dict()))
        else:
            raise ConfigError(f"{target}: the output must end in .png, .html or .json")
        return target

    def __repr__(self) -> str:
        return f"<Timeline {self.government or ''} {self.years}: {len(self.rows)} rows>"

    def _repr_html_(self) -> str:
        return f"<h4>{html.escape(repr(self))}</h4>" + _html_table(
            [
                {k: r[k] for k in ("year", "indicator", "target_value", "achieved_value", "verdict")}
                for r in self.rows
            ]
        )


def timeline(
    reports_or_paths: Iterable[Any],
    *,
    indicator: str | Sequence[str] | None = None,
    force: bool = False,
    analyzer: Analyzer | None = None,
) -> Timeline:
    """Targets of each year against the results the next year's report gives, over a series.

    *indicator*: None for the headline indicators of the table (GDP, new urban jobs, CPI), or an
    indicator as text (``"CPI"``, ``"粮食产量"``, ``"高标准农田"``) or several.
    """
    reports = [_as_report(x, analyzer) for x in reports_or_paths]
    if not reports:
        raise ConfigError("timeline needs at least one report")
    _check_same_government(reports, force)
    years = [r.document.year for r in reports]
    if any(y is None for y in years):
        missing = ", ".join(r.document.id for r in reports if r.document.year is None)
        raise AnalyzerError(f"timeline needs the year of every report; unknown for {missing}")
    dupes = sorted({y for y in years if years.count(y) > 1})  # type: ignore[type-var]
    if dupes:
        raise AnalyzerError(f"timeline got several reports for {', '.join(map(str, dupes))}")
    reports.sort(key=lambda r: r.document.year)  # type: ignore[arg-type, return-value]
    indicators = [indicator] if isinstance(indicator, str) else indicator
    return Timeline(reports, indicators)


# ----------------------------------------------------------------------------------------------
# Command line


def _add_analysis_options(parser: argparse.ArgumentParser) -> None:
    from analyzer.segment import SEGMENTERS

    parser.add_argument("--segmenter", choices=SEGMENTERS, default="jieba")
    parser.add_argument(
        "--framework",
        default="auto",
        metavar="NAME|FILE",
        help="positioning framework ('auto', 'none', a name or a file)",
    )
    parser.add_argument(
        "--gazetteer", metavar="TSV", help="also find the names of a gazetteer (analyzer gazetteer) verbatim"
    )
    parser.add_argument("--force", action="store_true", help="compare reports of different governments")


def add_compare_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``analyzer compare A B [--format json|html|md] [-o OUT] [--force]``."""
    parser.add_argument("a", metavar="A", help="the earlier report")
    parser.add_argument("b", metavar="B", help="the later report")
    parser.add_argument(
        "--format", choices=("json", "html", "md"), default=None, help="default: from -o's suffix, else json"
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    _add_analysis_options(parser)


def add_timeline_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``analyzer timeline PATH... [--indicator TEXT] [-o OUT.png|.html|.json]``."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="reports or folders of one government")
    parser.add_argument(
        "--indicator",
        action="append",
        metavar="TEXT",
        help="indicator to follow (default: GDP, new jobs, CPI)",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="a .png plot, an .html report or .json rows")
    _add_analysis_options(parser)


def _analyzer_from(args: argparse.Namespace) -> Analyzer:
    from analyzer.pipeline import Analyzer

    framework = getattr(args, "framework", "auto")
    return Analyzer(
        segmenter=getattr(args, "segmenter", "jieba"),
        framework=None if framework == "none" else framework,
        gazetteer=getattr(args, "gazetteer", None),
    )


def cmd_compare(args: argparse.Namespace) -> int:
    from analyzer.export.jsonout import dumps
    from analyzer.io import write_text

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fmt = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}.get(suffix, "json")
    comparison = compare(args.a, args.b, force=args.force, analyzer=_analyzer_from(args))
    if fmt == "json":
        text = dumps(comparison.to_dict())
    elif fmt == "html":
        text = comparison.to_html()
    else:
        text = comparison.to_markdown()
    if args.output:
        write_text(args.output, text)
        print(f"compared {comparison._title()} into {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    from analyzer.load import walk_reports as iter_inputs

    paths = [p for p, _ in iter_inputs(args.paths)]
    if not paths:
        raise AnalyzerError("no report files found in " + ", ".join(args.paths))
    if args.output and Path(args.output).suffix.lower() not in (".png", ".html", ".htm", ".json"):
        raise ConfigError(f"{args.output}: the output must end in .png, .html or .json")
    tl = timeline(paths, indicator=args.indicator, force=args.force, analyzer=_analyzer_from(args))
    if args.output:
        tl.save(args.output)
        print(
            f"timeline of {len(tl.reports)} reports ({len(tl.rows)} rows) into {args.output}", file=sys.stderr
        )
    else:
        sys.stdout.write(tl.to_markdown())
    return 0
