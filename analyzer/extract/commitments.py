"""Numeric commitments (pledges for the coming period) and achieved results.

For each sentence, :func:`analyzer.extract.numbers.find_quantities` finds the amounts; this module
decides which of them state something the government will do or has done, and reads around each
one its governing verb (``action``), what is counted (``object``), the time scope (``period``) and
whether it is a **target** or a result **achieved**.

The rules work on the clause (text between ，；：) that holds the quantity:

* the action is the nearest policy verb before the quantity; a verb of result (达到, 突破 …) gives
  way to an earlier verb of change (新增, 新建 …) whose object it completes (新增科技型企业年内达到
  200家 → 新增); with no verb before it, the verb after the counted noun is taken (为15名大学生
  提供助学救助 → 提供);
* the object is the noun after the unit (新建6个惠民水站 → 惠民水站), else the noun between the verb
  and the number (新建高标准农田1000亩 → 高标准农田), else the subject before the verb
  (国内生产总值增长5% → 国内生产总值增长);
* coordinated items share the verb (新建5个小游园、5个口袋公园 → both 新建), and with 分别 a bound
  on the last item applies to all (分别增长5%、8%以上);
* status comes from the part of the report (review → achieved, plan → target), overridden by
  sentence cues (去年/上年/比上年 results in a plan part; 今年/力争/预期 pledges in a review part).
"""

from __future__ import annotations

import bisect
import contextvars
import dataclasses
import functools
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib import resources

from analyzer.extract.numbers import Quantity, find_quantities
from analyzer.records import Commitment, Part, Section, Sentence, Status

__all__ = ["extract_commitments", "load_actions"]

RE_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
RE_ITEM_BREAK = re.compile(r"[、]")
# Time scopes, nearest first; the first that matches before the quantity (or in its clause) wins.
RE_PERIOD = re.compile(
    r"“?十[一二三四五六七]五”?时期|“?十[一二三四五六七]五”?末|“?十[一二三四五六七]五”?期间|到20\d\d年(?:底|末)?|20\d\d年(?:底|末|前)?"
    r"|年内|今年|上半年|下半年|全年|明年|年底前|五年来|五年|三年|两年|一年来|去年|上年"
)
RE_PAST = re.compile(r"去年|过去一年|一年来|五年来|过去五年|已经|已|累计|取得")
RE_FUTURE = re.compile(r"今年|年内|明年|力争|确保|争取|预期|目标|将|要|拟|计划|到20\d\d年|新建|新增|再")
# 好于预期 / 超出预期 compare a result with expectations: not a pledge.
RE_VERSUS_EXPECTED = re.compile(r"(?:好于|超出|超过|高于|低于|不及|符合|超)预期")
RE_RANKING = re.compile(
    r"排名|位次|位居|居全国|位列|第[一二三四五六七八九十\d]+(?:位|名)|[前后][一二三四五六七八九十\d]+(?:位|名)"
)
RE_OPEN_QUOTE = re.compile(r"[“‘「『《]")
RE_CLOSE_QUOTE = re.compile(r"[”’」』》]")
RE_PARALLEL = re.compile(
    r"[一二两三四五六七八九十][个种项条大][\u4e00-\u9fff]{1,3}[一二两三四五六七八九十][个种项条大]"
)
RE_PARALLEL_TAIL = re.compile(
    r"[一二两三四五六七八九十][个种项条大][\u4e00-\u9fff]{1,3}[一二两三四五六七八九十][个种项条大]$"
)
# Heads that make a count an enumeration of the report itself, not a pledge (6个方面重点工作).
ENUMERATION_HEADS = ("方面",)
# Units of durations and ages: 三年行动, 0-1岁 are not commitments on their own.
SKIP_UNITS = frozenset({"年", "天", "日", "月", "个月", "周", "小时", "分钟", "岁", "届", "次会议"})
# Words that may sit between a verb and the quantity without being the object.
FILLERS = re.compile(
    r"(?:年内|今年|全年|年均|平均|分别|累计|力争|确保|争取|再|先|拟|将|要|可|共|总计|合计|均|各|达|为|到|至|在|约|近|按|"
    r"比上年|同比|比“十三五”时期|比“十四五”时期|20\d\d年(?:的|底|末)?)+"
)
TRAILING_FILLERS = re.compile(r"(?:年内|分别|达|为|到|在|拟|将|按|先|从(?:20\d\d年)?的?)+$")
TRAILING_JUNK = re.compile(r"(?:的|和|及|与|等|了|以|并|、|“|”)+$")
# Nouns of people after a bare count, or the people-measure before it (务工规模超过3300万).
RE_PEOPLE_AFTER = re.compile(
    r"[\u4e00-\u9fff]{0,4}(?:人|学生|群众|农民工|职工|居民|劳动力|毕业生|游客|老人|儿童|患者)(?![\u4e00-\u9fff]{0,1}(?:民币|均))"
)
RE_PEOPLE_BEFORE = re.compile(r"(?:人口|人数|人员|就业|务工)[^，。；]{0,6}$")
CONTROL_VERBS = frozenset({"控制", "控制在", "稳定在", "保持", "保持在"})
RATE_VERBS = frozenset({"增长", "下降", "降低", "上涨", "提高", "增加", "减少"})
# No "^": pattern.match(text, pos) is anchored at pos already, and "^" would only match at 0.
LEADING_JUNK = re.compile(r"(?:的|和|及|与|等|并|对|为|向|给|把|将|全区|全市|全省|全国|共|再|新|累计)+")


@dataclass(frozen=True, slots=True)
class _Actions:
    change: tuple[str, ...]  # 新增 新建 增加 …: create or grow something
    result: tuple[str, ...]  # 达到 突破 超过 …: reach a level
    light: tuple[str, ...]  # 进行 开展 提供 …: take their object as part of the action
    causative: tuple[str, ...]  # 推动 力争 确保 …: govern another verb
    all: tuple[str, ...]  # every verb, longest first


@functools.cache
def load_actions() -> _Actions:
    """The packaged action lexicon (``analyzer/resources/actions.json``), validated."""
    ref = resources.files("analyzer.resources").joinpath("actions.json")
    data = json.loads(ref.read_text(encoding="utf-8"))
    for key in ("name", "version", "description", "change", "result", "light", "causative", "other"):
        if key not in data:
            raise ValueError(f"actions.json lacks {key!r}")
    words: set[str] = set()
    for key in ("change", "result", "light", "causative", "other"):
        words.update(data[key])
    return _Actions(
        change=tuple(data["change"]),
        result=tuple(data["result"]),
        light=tuple(data["light"]),
        causative=tuple(data["causative"]),
        all=tuple(sorted(words, key=lambda w: (-len(w), w))),
    )


@functools.cache
def _verb_regex() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in load_actions().all))


# A clause is read at most this far on either side of its quantity: real clauses are far
# shorter, and the bound keeps a megabyte without punctuation linear.
MAX_CLAUSE_REACH = 120


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` (a sentence) that holds ``text[start:end]`` (bounded reach)."""
    left = start
    floor = max(0, start - MAX_CLAUSE_REACH)
    while left > floor and not RE_CLAUSE_BREAK.match(text[left - 1]):
        left -= 1
    right = end
    ceiling = min(len(text), end + MAX_CLAUSE_REACH)
    while right < ceiling and not RE_CLAUSE_BREAK.match(text[right]):
        right += 1
    return left, right


# Token boundaries (offsets in the sentence) of the sentence being read; verbs must sit on them,
# so that 生产 in 国内生产总值 or 居 in 居民 is never taken for a verb.
_BOUNDS: contextvars.ContextVar[frozenset[int] | None] = contextvars.ContextVar("bounds", default=None)


def _on_tokens(m: re.Match[str]) -> bool:
    bounds = _BOUNDS.get()
    return bounds is None or (m.start() in bounds and m.end() in bounds)


def _verbs(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    return [m for m in _verb_regex().finditer(text, lo, hi) if _on_tokens(m)]


def _verb_at(text: str, pos: int, hi: int) -> re.Match[str] | None:
    m = _verb_regex().match(text, pos, hi)
    return m if m is not None and _on_tokens(m) else None


def _is_inside_quotes(text: str, start: int) -> bool:
    opens = len(RE_OPEN_QUOTE.findall(text, 0, start))
    closes = len(RE_CLOSE_QUOTE.findall(text, 0, start))
    return opens > closes


def _clean_object(text: str, lo: int, hi: int) -> str:
    """``text[lo:hi]`` without the time words, modals and particles around a noun.

    Only whole tokens are removed: 和 in 和美乡村 or 可 in 可再生能源 stays.
    """
    bounds = _BOUNDS.get()
    for _ in range(4):
        before = (lo, hi)
        for rx in (FILLERS, LEADING_JUNK):
            m = rx.match(text, lo, hi)
            if m and m.end() > lo and (bounds is None or m.end() in bounds):
                lo = m.end()
        for rx in (TRAILING_FILLERS, TRAILING_JUNK):
            m = rx.search(text, lo, hi)
            if m and m.start() < hi and (bounds is None or m.start() in bounds):
                hi = m.start()
        if (lo, hi) == before:
            break
    return text[lo:hi].strip()


@dataclass(frozen=True, slots=True)
class _Reading:
    action: str | None
    object: str | None


def _read(text: str, q: Quantity, clause: tuple[int, int], prev: tuple[int, _Reading] | None) -> _Reading:
    """Action and object of quantity *q* in sentence *text*.

    *prev* is the end offset and reading of the previous quantity in the same clause, if any.
    """
    acts = load_actions()
    lo, hi = clause
    # The coordinated item that holds q: 小学学位1620个、学前学位1800个.
    item_lo = q.start
    while item_lo > lo and not RE_ITEM_BREAK.match(text[item_lo - 1]):
        item_lo -= 1
    item_hi = q.end
    while item_hi < hi and not RE_ITEM_BREAK.match(text[item_hi]):
        item_hi += 1
    window_lo = lo
    if prev is not None:
        # After an earlier quantity of the clause, a verb counts only if it opens the new item
        # (、新建5个…); otherwise the item shares the earlier verb (做强做优12个站和119个服务).
        window_lo = prev[0]
        if not _verbs(text, window_lo, q.start):
            lead = re.match(r"[、和及与\s]*", text[window_lo : q.start])
            noun = _clean_object(text, window_lo + (lead.end() if lead else 0), q.start)
            after = _after_noun(text, q, hi, item_hi)
            return _Reading(prev[1].action, after or noun or None)

    before = [m for m in _verbs(text, window_lo, q.start) if m.end() <= q.start]
    after_verbs = _verbs(text, q.end, hi)
    after_noun = _after_noun(text, q, hi, item_hi)

    action: str | None = None
    obj: str | None = None
    verb = before[-1] if before else None
    object_lo = verb.end() if verb is not None else lo
    extra = ""  # a nominal verb that joins the object: 完成大豆种植1400亩 → 大豆种植
    if verb is not None and len(before) > 1 and not _clean_object(text, verb.end(), q.start):
        # V1 + noun + V2 + quantity: 新增科技型企业年内达到200家 (V2 of result), 完成大豆种植1400亩
        # (V2 nominal); but not 补助标准提高30元 (V2 of change) nor 上涨幅度控制在2% (V2 of control).
        earlier = before[-2]
        noun = _clean_object(text, earlier.end(), verb.start())
        v2 = verb.group()
        nominal = v2 not in acts.change and v2 not in acts.result and v2 not in acts.light
        if (
            earlier.group() not in acts.causative
            and len(noun) >= 2
            and not RE_CLAUSE_BREAK.search(text, earlier.end(), verb.start())
            and v2 not in CONTROL_VERBS
            and (v2 in acts.result or nominal)
        ):
            extra = v2 if nominal else ""
            object_lo = earlier.end()
            verb = earlier
    if verb is not None:
        action = verb.group()
    if after_noun:
        obj = after_noun
        if action is None and after_verbs:
            action = _light_action(text, after_verbs[0], hi, acts)
    elif verb is not None:
        between_hi = q.start if not extra else text.index(extra, object_lo) + len(extra)
        between = _clean_object(text, max(object_lo, item_lo), between_hi)
        if extra and not between.endswith(extra):
            between += extra
        if between:
            obj = between
        else:
            subject_lo = item_lo if item_lo > verb.end() else lo
            subject = _clean_object(text, subject_lo, verb.start())
            if subject:
                rate = q.unit in ("%", "百分点") and verb.group() in RATE_VERBS
                obj = subject + verb.group() if rate else subject
    else:
        obj = _clean_object(text, item_lo, q.start) or None
        if after_verbs:
            action = _light_action(text, after_verbs[0], hi, acts)
    return _Reading(action=action or None, object=obj or None)


def _after_noun(text: str, q: Quantity, hi: int, item_hi: int) -> str:
    """The noun right after the unit, up to a later verb or break: 6个惠民水站 → 惠民水站."""
    end = min(hi, item_hi)
    if q.end >= end or text[q.end] == "的":
        return ""
    stop = end
    opening = _verb_at(text, q.end, end)
    if opening is not None and re.match(r"[到至为]|[^，。；]*\d", text[opening.end() : end]):
        return ""  # 5.2万元提高到7.4万元: the quantity is where a change starts, not a count of nouns
    for m in _verbs(text, q.end, end):
        if m.start() - q.end >= 2:  # a verb right after the unit is part of the noun: 3家上市挂牌后备企业
            stop = m.start()
            break
    noun = _clean_object(text, q.end, stop)
    return "" if _verb_regex().fullmatch(noun) else noun  # 按增长5%安排: 安排 is not what is counted


def _light_action(text: str, verb: re.Match[str], hi: int, acts: _Actions) -> str:
    """A verb after the object; light verbs take their own object: 进行心理测评."""
    word = verb.group()
    if word in acts.light:
        tail = text[verb.end() : hi]
        noun = re.match(r"[^，,；;。、的]{1,8}", tail)
        if noun:
            return word + noun.group()
    return word


def _period(text: str, q: Quantity, clause: tuple[int, int]) -> str | None:
    """The time scope stated for *q*: in its clause (nearest before, then after), else at the
    head of the sentence (今年，…)."""
    lo, hi = clause
    found = [m.group() for m in RE_PERIOD.finditer(text, lo, q.start)]
    best = found[-1] if found else None
    if best is None:
        m = RE_PERIOD.search(text, q.end, hi)
        best = m.group() if m else None
    if best is None:
        m = RE_PERIOD.match(text, 0, q.start)
        best = m.group() if m else None
    return best.replace("“", "").replace("”", "") if best else None


def _status(part: Part | None, sentence: str, q_start: int, year: int | None) -> Status:
    head = RE_VERSUS_EXPECTED.sub("", sentence[:q_start])
    past = bool(RE_PAST.search(head))
    future = bool(RE_FUTURE.search(head))
    if year is not None:
        for m in re.finditer(r"(20\d\d)年", head):
            y = int(m.group(1))
            if y < year and not re.match(r"(?:到|至)", sentence[max(0, m.start() - 1) : m.start()]):
                past = True
            elif y >= year:
                future = True
    if part == "review":
        return (
            "target"
            if future and not past and re.search(r"今年|明年|力争|预期|目标|将", head)
            else "achieved"
        )
    if past and not future:
        return "achieved"
    return "target"


def _skip(text: str, q: Quantity, clause: tuple[int, int]) -> bool:
    if q.kind == "bare" or not q.unit:
        return True
    if q.unit in SKIP_UNITS and not (q.unit == "岁" and "寿命" in text[clause[0] : q.start]):
        return True  # durations and ages, except an age that is the indicator (人均预期寿命达到80岁)
    if _is_inside_quotes(text, q.start):
        return True
    tail = text[q.end : q.end + 3]
    if any(tail.startswith(h) for h in ENUMERATION_HEADS):
        return True
    if RE_PARALLEL.match(text, q.start) or RE_PARALLEL_TAIL.search(text[max(0, q.start - 6) : q.end]):
        return True  # 两个市场两种资源: a parallel slogan of small Chinese numerals, not a count
    return bool(q.unit == "个" and RE_RANKING.search(text, clause[0], clause[1]))


def _propagate_bounds(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """分别增长5%、8%以上: a bound after the last of a 分别 list applies to every item; and
    快于全国3.4个、1个百分点: the unit of the last item completes the earlier ones."""
    out = list(quantities)
    for k in range(len(out) - 1, 0, -1):
        a, b = out[k - 1], out[k]
        if a.unit == "个" and b.unit == "百分点" and text[a.end : b.start] == "、" and a.text.endswith("个"):
            out[k - 1] = dataclasses.replace(a, unit="百分点", kind=b.kind)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and text[out[j].end : out[j + 1].start] in ("、", "和", "、和"):
            j += 1
        if j > i and "分别" in text[max(0, out[i].start - 8) : out[i].start] and out[j].bound != "exact":
            for k in range(i, j):
                if out[k].bound == "exact" and out[k].unit == out[j].unit:
                    q = out[k]
                    out[k] = Quantity(
                        start=q.start,
                        end=q.end,
                        text=q.text,
                        value=q.value,
                        value_max=q.value_max,
                        unit=q.unit,
                        bound=out[j].bound,
                        bound_text=out[j].bound_text,
                        kind=q.kind,
                        multiplier_text=q.multiplier_text,
                    )
        i = j + 1
    return out


def extract_commitments(
    sentences: Sequence[Sentence],
    sections: Sequence[Section],
    *,
    year: int | None = None,
    boundaries: Collection[int] | None = None,
) -> tuple[list[Commitment], list[Commitment]]:
    """Commitments (targets) and achieved results in the sentences of a report.

    *boundaries* are the token boundaries of the segmented text (offsets into the document
    text); verbs are only read where they are whole tokens.  Without them, any match counts.

    >>> from analyzer.records import Sentence, Section
    >>> sec = Section("sec1", "三、2024年政府工作任务", 1, "plan", 0, 30, 0, 5)
    >>> s = Sentence("s1", "sec1", "p1", 0, 22, "新建5个小游园、5个口袋公园。")
    >>> targets, achieved = extract_commitments([s], [sec])
    >>> [(c.action, c.object, int(c.value), c.unit) for c in targets]
    [('新建', '小游园', 5, '个'), ('新建', '口袋公园', 5, '个')]
    """
    parts = {s.id: s.part for s in sections}
    targets: list[Commitment] = []
    achieved: list[Commitment] = []
    headings = {(s.title_start, s.title_end) for s in sections}
    ordered = sorted(boundaries) if boundaries is not None else []
    for sent in sentences:
        if (sent.start, sent.end) in headings:
            continue  # a heading names a theme (12件民生实事); the body states the pledge
        text = sent.text
        quantities = _propagate_bounds(text, [_people(text, q) for q in find_quantities(text)])
        if not quantities:
            continue
        if boundaries is not None:
            lo_i, hi_i = bisect.bisect_left(ordered, sent.start), bisect.bisect_right(ordered, sent.end)
            _BOUNDS.set(frozenset(b - sent.start for b in ordered[lo_i:hi_i]))
        subject: str | None = None
        prev: tuple[int, _Reading] | None = None
        prev_clause: tuple[int, int] | None = None
        for q in quantities:
            clause = _clause_bounds(text, q.start, q.end)
            if _skip(text, q, clause):
                continue
            reading = _read(text, q, clause, prev if prev_clause == clause else None)
            if reading.object is None and subject and q.unit in ("%", "百分点"):
                # 国内生产总值超过126万亿元，增长5.2%: the rate is of the previous clause's subject.
                verb = reading.action if reading.action in RATE_VERBS else ""
                reading = _Reading(reading.action, subject + verb)
            if reading.object and q.unit not in ("%", "百分点"):
                subject = reading.object
            prev, prev_clause = (q.end, reading), clause
            status = _status(parts.get(sent.section or ""), text, q.start, year)
            record = Commitment(
                text=q.text,
                sentence=text,
                sentence_id=sent.id,
                section=sent.section,
                start=sent.start + q.start,
                end=sent.start + q.end,
                action=reading.action,
                object=reading.object,
                value=q.value,
                value_max=q.value_max,
                unit=q.unit,
                bound=q.bound,
                period=_period(text, q, clause),
                status=status,
            )
            (targets if status == "target" else achieved).append(record)
    _BOUNDS.set(None)
    return targets, achieved


def _people(text: str, q: Quantity) -> Quantity:
    """A bare number of people takes the unit 人: 6600多万纳税人, 惠及1100多万学生, 人口…3300万."""
    if q.kind != "bare" or q.multiplier_text is None:
        return q
    after = RE_PEOPLE_AFTER.match(text, q.end)
    before = RE_PEOPLE_BEFORE.search(text[max(0, q.start - 12) : q.start])
    if not after and not before:
        return q
    return Quantity(
        start=q.start,
        end=q.end,
        text=q.text,
        value=q.value,
        value_max=q.value_max,
        unit="人",
        bound=q.bound,
        bound_text=q.bound_text,
        kind="count",
        multiplier_text=q.multiplier_text,
    )
