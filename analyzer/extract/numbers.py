"""Find counted and measured quantities in Chinese text (政府工作报告 and similar).

The finder is pure and uses only the standard library.  It works in three steps:

1. *tokens*: a numeral is a run of Arabic digits (``1,234``, ``5.2``) or of Chinese numeral
   characters (``一千六百二十``, ``两``, ``二〇二四``, ``零点五``);
2. *followers*: after the numeral come, in this order, an optional 余/多, a multiplier
   (万 亿 千 百 and their compounds, after Arabic digits), an optional 余/多, a unit or measure
   word (longest match in a lexicon), a range to a second numeral (``6.5%－7%``, ``3至5个``) and
   bound cue words (以上, 左右 ...); prefix cues (不低于, 超过, 约, 近 ...) are read right before
   the numeral;
3. *classifier*: a numeral is rejected, with a reason, when its context shows that it is not an
   amount: a year or date, an ordinal (第五), a code glued to Latin letters (5G, C919), a name in
   short quotation marks (“两新”), list numbering, a Chinese numeral inside a word or idiom
   (一批, 接二连三), a label (1号线, 五大基地, 二类以上公厕, 千亿级), an age threshold, a meeting
   (二十届二中全会) or a period reference (近三年, 五年来).

Following the national standard for numerals in publications (GB/T 15835-2011), counts and
measurements in official documents are written in Arabic digits, and Chinese numerals mostly occur
in fixed words, slogans and abbreviations.  Hence a Chinese numeral is only a quantity when a unit
or measure word follows it, and the single character 一 is read as the indefinite article.

Every regular expression is compiled once, and each either matches a bounded number of characters
or consumes a run of one character class without backtracking into it, so the finder runs in time
linear in the length of the text.  All context checks look at bounded windows around a numeral.

>>> [(q.text, q.value, q.unit, q.bound) for q in find_quantities("新建10块以上社会足球场地")]
[('10块以上', Decimal('10'), '块', 'at_least')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Context, Decimal
from functools import lru_cache
from typing import Literal

__all__ = [
    "Bound",
    "Kind",
    "Quantity",
    "find_quantities",
    "is_not_quantity",
    "parse_chinese_number",
]

Bound = Literal["exact", "at_least", "at_most", "approx"]
Kind = Literal["count", "percent", "money", "measure", "share", "points", "bare"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in a text; ``text[start:end] == quantity.text``."""

    start: int
    end: int
    text: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    bound: Bound
    bound_text: str | None
    kind: Kind
    multiplier_text: str | None


# ---------------------------------------------------------------------------------------------
# Numeral characters
# ---------------------------------------------------------------------------------------------

_CN_DIGIT_VALUES: dict[str, int] = {
    "〇": 0, "零": 0,
    "一": 1, "壹": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_ZERO_CHARS = frozenset("〇零")
# Digits that may be read one by one (二〇二四, 一〇五); 两 never is.
_CN_SEQUENCE_DIGITS = frozenset(_CN_DIGIT_VALUES) - frozenset("两兩")
_CN_DIGIT_CLASS = "".join(_CN_DIGIT_VALUES)
_CN_UNIT_CLASS = "".join(_CN_SMALL_UNITS) + "".join(_CN_BIG_UNITS)
# The finder reads only the numerals of running text: financial numerals (壹 贰 陆 拾 ...) are
# surnames or words there (陆港, 队伍, 收拾).
_TEXT_DIGIT_CLASS = "〇零一二两兩三四五六七八九"
_TEXT_UNIT_CLASS = "十百千万萬亿億"
_MULTIPLIER_CHARS = frozenset(_CN_UNIT_CLASS)
_BIG_UNIT_CHARS = frozenset(_CN_BIG_UNITS)
_ASCII_DIGITS = frozenset("0123456789")
_LATIN_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_FULLWIDTH_FOLD = str.maketrans("０１２３４５６７８９．，", "0123456789.，")

# One numeral token.  Arabic: thousands groups only when exactly three digits follow each
# separator; never starting inside a number or right after a decimal point.  Chinese: a run of
# numeral characters with an optional 点 fraction.  Both are single character-class runs.
_NUMERAL_RE = re.compile(
    r"(?<![0-9.])(?P<ar>(?:[0-9]{1,3}(?:[,，][0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?)"
    rf"|(?P<cn>[{_TEXT_DIGIT_CLASS}{_TEXT_UNIT_CLASS}]+(?:点[{_TEXT_DIGIT_CLASS}]+[{_TEXT_UNIT_CLASS}]*)?)"
)
# Tokens inside parse_chinese_number: an Arabic number or any single character.
_PARSE_TOKEN_RE = re.compile(r"[0-9]+(?:[,，][0-9]{3})*(?:\.[0-9]+)?|.", re.DOTALL)
_ARABIC_FULL_RE = re.compile(r"[0-9]+(?:[,，][0-9]{3})*(?:\.[0-9]+)?")
_DECIMAL_TAIL_RE = re.compile(rf"([{_CN_DIGIT_CLASS}0-9]+)([{_CN_UNIT_CLASS}]*)")

# Multipliers written after Arabic digits (3千, 1.12万, 2.5万亿, 5000亿); longest first.
_MULTIPLIER_RE = re.compile(r"万亿|萬億|千亿|百亿|十亿|千万|百万|十万|亿|億|万|萬|千|百")

# The second term of a compound Arabic numeral: 2万5千, 1亿3千万.
_COMPOUND_TERM_RE = re.compile(r"([0-9]{1,4})(千万|百万|十万|万|千|百)")

_MAX_NUMERAL_CHARS = 24  # longer digit runs are identifiers, longer Chinese runs are not numbers
_PRECISION = 80
# Explicit arithmetic context: exact for every numeral the finder accepts, and independent of the
# caller's decimal context.
_CTX = Context(prec=_PRECISION)
_ONE = Decimal(1)
_SHARE_QUANTUM = Decimal("0.0001")  # 三分之一 = 33.3333%
_DIGIT_DECIMALS: dict[str, Decimal] = {ch: Decimal(v) for ch, v in _CN_DIGIT_VALUES.items()}

# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    unit: str  # normalised unit
    kind: Kind
    scale: int = 1  # 成 is ten per cent


def _units(kind: Kind, words: str) -> dict[str, _Unit]:
    return {w: _Unit(w, kind) for w in words.split()}


_UNITS: dict[str, _Unit] = {
    # classifiers (量词) of counted things
    **_units(
        "count",
        "个 家 座 部 块 所 项 条 件 名 人 户 套 处 辆 台 张 间 栋 幢 批 场 次 位 只 头 株 棵 册 篇 例 床"
        " 种 类 级 星 档 艘 架 列 趟 支 宗 颗 枚 组 片 款 轮 份 段 单 对"
        " 人次 批次 场次 辆次 架次 车次 班次 件次 户次 家次 项次 台套 部门 床位",
    ),
    # physical measures and durations
    **_units(
        "measure",
        "公里 千米 米 厘米 毫米 平方米 平方公里 平方千米 立方米 立方 亩 公顷 吨 吨标准煤 吨标煤 千克 公斤"
        " 克 斤 毫克 微克 千瓦 千瓦时 瓦 兆瓦 吉瓦 瓦时 千伏 伏 伏特 标准箱 标箱 升 毫升 大卡 千卡 英寸"
        " 海里 年 天 小时 分钟 秒 周 工作日 倍 岁",
    ),
    **_units("money", "元 美元 欧元 港元 日元 英镑 分"),
    **_units("count", "金 银 铜"),  # medals: 8金9银6铜
    "人民币": _Unit("元", "money"),
    "人口": _Unit("人", "count"),
    "%": _Unit("%", "percent"),
    "％": _Unit("%", "percent"),
    "‰": _Unit("‰", "percent"),
    "‱": _Unit("‱", "percent"),
    "百分点": _Unit("百分点", "points"),
    "个百分点": _Unit("百分点", "points"),
    "成": _Unit("%", "share", 10),
    "半": _Unit("%", "share", 50),
    "周岁": _Unit("岁", "measure"),
    "个月": _Unit("月", "measure"),
    "个多月": _Unit("月", "measure"),
    "个小时": _Unit("小时", "measure"),
    "个工作日": _Unit("工作日", "measure"),
    "个季度": _Unit("季度", "measure"),
    "个星期": _Unit("星期", "measure"),
}
_LATIN_UNITS: dict[str, _Unit] = _units(
    "measure",
    "EFlops EFLOPS PFlops PFLOPS TFlops TFLOPS kWh MWh GWh TWh kW MW GW TEU Gbps Mbps km kg TB PB P",
)

# Words right after a numeral that make it a label, date or age rather than an amount; they are
# tried before the unit lexicon (周年 before 周, 年代 before 年, 位数 before 位).
_REJECT_FOLLOWERS: dict[str, str] = {
    "周年": "anniversary",
    "年代": "decade",
    "年级": "school_grade",
    "月": "date",
    "日": "date",
    "号": "label",
    "季度": "quarter",
    "位数": "digit_count",
    "世纪": "century",
    "届": "ordinal",
    "版": "version",
}


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so that 千瓦时 wins over 千瓦)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT_RE = re.compile(_alternation(_UNITS))
_LATIN_UNIT_RE = re.compile(rf"(?:{_alternation(_LATIN_UNITS)})(?![A-Za-z])")
_REJECT_FOLLOWER_RE = re.compile(_alternation(_REJECT_FOLLOWERS))
# The denominator of a rate after "/": 元/人, 吨/日, 人/百亿元.
_RATE_RE = re.compile(
    rf"((?:[0-9]+)?(?:{_MULTIPLIER_RE.pattern})?)({_alternation(_UNITS)}|{_alternation(_REJECT_FOLLOWERS)})"
)
# 对 is a classifier (67对友城) unless it starts a word (对口, 对接 ...).
_NOT_CLASSIFIER_AFTER = {
    "对": frozenset("口接于外标象比话照策应"),
    "单": frozenset("位元独项列体"),
    "家": frozenset("庭"),
    "金": frozenset("融额属库税字牌"),
    "银": frozenset("行发河"),
    "铜": frozenset("业矿"),
}
# Units that only count in a rate: 3分/千瓦时 (but 90分 is a score, 十分 an adverb).
_RATE_ONLY_UNITS = frozenset({"分"})

# First characters of everything that may follow a numeral in a quantity (units, multipliers,
# 余/多, fractions, range separators, suffix cues, rejecting followers, 大 of 5大).
_FOLLOW_START = frozenset(
    [w[0] for w in (*_UNITS, *_REJECT_FOLLOWERS)] + list(_CN_UNIT_CLASS + "余多分至到以及之左上大")
)

_TIME_UNITS = frozenset({"年", "月", "天", "周", "季度", "星期", "工作日"})
_GRADE_UNITS = frozenset({"级", "类", "星", "档"})

# ---------------------------------------------------------------------------------------------
# Bound cues
# ---------------------------------------------------------------------------------------------

_PREFIX_CUES: dict[str, Bound] = {
    "至少": "at_least", "最少": "at_least", "不少于": "at_least", "不低于": "at_least",
    "超过": "at_least", "超": "at_least", "突破": "at_least", "逾": "at_least", "高于": "at_least",
    "多于": "at_least", "大于": "at_least",
    "不超过": "at_most", "不高于": "at_most", "控制在": "at_most", "低于": "at_most",
    "少于": "at_most", "小于": "at_most", "最多": "at_most", "不到": "at_most", "不足": "at_most",
    "约": "approx", "大约": "approx", "近": "approx", "将近": "approx", "接近": "approx",
}  # fmt: skip
_SUFFIX_CUES: dict[str, Bound] = {
    "及以上": "at_least", "以上": "at_least",
    "及以下": "at_most", "以下": "at_most", "以内": "at_most", "之内": "at_most",
    "左右": "approx", "上下": "approx",
}  # fmt: skip
# Cues that quantify rather than describe an action; only these make 一 a count (至少一人).
_QUANTIFIER_CUES = frozenset({"至少", "最少", "不少于", "不超过", "最多", "不到", "不足"})
_CUE_LAST_CHARS = frozenset(cue[-1] for cue in _PREFIX_CUES)
_PREFIX_CUE_RE = re.compile(rf"(?:{_alternation(_PREFIX_CUES)})\Z")
_SUFFIX_CUE_RE = re.compile(_alternation(_SUFFIX_CUES))
# A one-character cue is part of a word when the character before it forms a word with it
# (节约 签约 制约; 最近 附近; 赶超).
_CUE_BLOCKERS: dict[str, frozenset[str]] = {
    "约": frozenset("节制签预履合特违邀公条隐契租践和"),
    "近": frozenset("最附邻靠就贴亲远浅"),
    "超": frozenset("赶高"),
}
_MORE_CHARS = frozenset("余多")  # 6万余名, 100多家: "more than"
# ... but not in 多元 多样 多种 多彩 多层 多式 多方 多边 多极 多项 多功能 多媒体 余额.
_NOT_MORE_AFTER = frozenset("元样种彩层式方边极项余额功媒模点")
_RANGE_SEPARATORS = frozenset("-－—–~～至到")
_ENUMERATION_JOINERS = frozenset(("、", "和", "与", "及"))
_TRANSITION_BEFORE = frozenset("从由")  # 从5%到7% is a change, not a range

# Before a time unit these words make the numeral a period reference (近三年, 未来五年).
_PERIOD_BEFORE_RE = re.compile(r"(?:过去|未来|今后|最近|此后|近|这|前)\Z")
# After N年: plan names (五年规划, 三年行动) rather than durations.
_PLAN_AFTER_RE = re.compile(r"规划|计划|纲要|行动|攻坚")
# Before N年 / N周年: anniversaries (建党一百年, 成立75周年).
_ANNIVERSARY_BEFORE_RE = re.compile(r"(?:建党|建军|建国|建校|成立|诞辰)\Z")
# After N次: a meeting (二次会议, 十一次全会).
_MEETING_AFTER_RE = re.compile(r"会议|全会|全体会议|代表大会|党代会|常委会")
# Issuers whose numbered rules are names (中央八项规定).
_ISSUER_BEFORE_RE = re.compile(r"(?:党中央|中央|国务院)\Z")

# Head nouns after a number without classifier that imply its unit (1100多万学生 -> 人).
_PERSON_HEAD_RE = re.compile(
    r"人(?![民工大居文气])|学生|儿童|群众|农民|职工|员工|孩子|妇女|青年|居民|患者|劳动力|女生|幼儿|新生儿"
)
_HOUSEHOLD_HEAD_RE = re.compile(r"家庭|农户|住户")
_IMPLIED_WINDOW = 8

# Short quoted names and titles: numerals inside them are part of the name (“1233”, “两新”).
_QUOTED_RE = re.compile(
    r"“[^“”\n]{1,24}”|「[^「」\n]{1,24}」|『[^『』\n]{1,24}』|‘[^‘’\n]{1,24}’|\"[^\"\n]{1,24}\"|《[^《》\n]{1,60}》"
)
_QUOTE_WINDOW = 62

_LEADING_MULTIPLIERS = frozenset("百千万萬亿億")  # 百姓, 万物: a numeral may not start with these
_AFTER_COUNTED_ONE = frozenset("半倍成个")  # 一半, 一倍, 一成, 一个百分点
_OPENING_QUOTES = frozenset('“「『‘"')
_CODE_NEIGHBOURS = frozenset("+＋·•×/／_@#")
_ORDINAL_BEFORE = frozenset("第届")
_HYPHENS = frozenset("-–")
_RATIO_SIGNS = frozenset(":：∶")
_OPEN_BRACKETS = frozenset("（(")
_CLOSE_BRACKETS = frozenset("）)")
_LIST_NUMBER_AFTER = frozenset("、.．")
_LIST_CONTEXT_BEFORE = frozenset("\n：:；;。")
_SPACE_OR_OPEN = frozenset(" \t\u3000（(【[")


# ---------------------------------------------------------------------------------------------
# parse_chinese_number
# ---------------------------------------------------------------------------------------------


def parse_chinese_number(s: str) -> Decimal:
    """Parse a Chinese, Arabic or mixed numeral to an exact :class:`~decimal.Decimal`.

    Accepts positional numerals (十二, 一千六百二十, 二十万, 一万零一十), 两, digit-by-digit
    numerals (一〇五, 二〇二四), decimals (零点五, 三点五万), financial numerals (壹佰零伍),
    Arabic numbers with thousands separators and Arabic numbers with multipliers (1.12万, 2.5万亿).
    Raises :class:`ValueError` for anything else (十四五, 百千万亿, 亿万, text).

    >>> parse_chinese_number("一千六百二十"), parse_chinese_number("2.5万亿")
    (Decimal('1620'), Decimal('2500000000000'))
    >>> parse_chinese_number("零点五"), parse_chinese_number("一〇五")
    (Decimal('0.5'), Decimal('105'))
    """
    if not isinstance(s, str) or not s:
        raise ValueError(f"not a numeral: {s!r}")
    folded = s.translate(_FULLWIDTH_FOLD)
    ctx = _CTX if len(folded) <= _MAX_NUMERAL_CHARS else Context(prec=2 * len(folded) + 20)
    try:
        return _tidy(_parse_numeral(folded, ctx), ctx)
    except ArithmeticError as exc:  # pragma: no cover - defensive: InvalidOperation, Overflow
        raise ValueError(f"not a numeral: {s!r}") from exc


def _tidy(value: Decimal, ctx: Context = _CTX) -> Decimal:
    """Drop trailing zeros: 11200.00 -> 11200, 5.20 -> 5.2 (never exponent notation for integers)."""
    if value == value.to_integral_value(context=ctx):
        return value.quantize(_ONE, context=ctx)
    return value.normalize(ctx)


def _parse_numeral(s: str, ctx: Context) -> Decimal:
    if s in _ZERO_CHARS:
        return Decimal(0)
    if _ARABIC_FULL_RE.fullmatch(s):
        return Decimal(s.replace(",", "").replace("，", ""))
    head, point, tail = s.partition("点")
    if point:
        m = _DECIMAL_TAIL_RE.fullmatch(tail)
        if not head or m is None:
            raise ValueError(f"not a numeral: {s!r}")
        whole = _parse_integer(head, ctx)
        fraction = Decimal("0." + "".join(str(_digit_value(ch)) for ch in m.group(1)))
        value = ctx.add(whole, fraction)
        for ch in m.group(2):
            value = ctx.multiply(value, _CN_SMALL_UNITS.get(ch) or _CN_BIG_UNITS[ch])
        return value
    return _parse_integer(s, ctx)


def _digit_value(ch: str) -> int:
    if ch in _ASCII_DIGITS:
        return int(ch)
    if ch in _CN_DIGIT_VALUES:
        return _CN_DIGIT_VALUES[ch]
    raise ValueError(f"not a digit: {ch!r}")


def _push(terms: list[Decimal], value: Decimal, s: str) -> None:
    # Terms of a well-formed numeral strictly decrease (一千 六百 二十); this rejects 十四五 and
    # 二十三百 and misplaced multipliers.
    if terms and value >= terms[-1]:
        raise ValueError(f"not a numeral: {s!r}")
    terms.append(value)


def _parse_integer(s: str, ctx: Context) -> Decimal:
    """Positional numeral, possibly with Arabic coefficients (1.12万), or a digit sequence."""
    if s in _ZERO_CHARS:
        return Decimal(0)
    if len(s) >= 2 and all(ch in _CN_SEQUENCE_DIGITS for ch in s):
        return Decimal("".join(str(_CN_DIGIT_VALUES[ch]) for ch in s))
    terms: list[Decimal] = []
    pending: Decimal | None = None  # a digit or Arabic number waiting for its unit
    last_unit = 0  # unit right before `pending` (0 after a zero or at the start)
    section_unit = 0  # smallest 十/百/千 seen since the last 万/亿 (0: none)
    saw_zero = False
    for index, tok in enumerate(_PARSE_TOKEN_RE.findall(s)):
        if tok[0] in _ASCII_DIGITS:
            if pending is not None:
                raise ValueError(f"not a numeral: {s!r}")
            pending = Decimal(tok.replace(",", "").replace("，", ""))
        elif tok in _ZERO_CHARS:
            if pending is not None or index == 0:
                raise ValueError(f"not a numeral: {s!r}")
            saw_zero, last_unit = True, 0
        elif tok in _CN_DIGIT_VALUES:
            if pending is not None:
                raise ValueError(f"not a numeral: {s!r}")
            pending = Decimal(_CN_DIGIT_VALUES[tok])
        elif tok in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[tok]
            if pending is None:
                # Only 十 stands without a coefficient (十二, 一万零十); any unit may at the start.
                if not (index == 0 or (unit == 10 and (saw_zero or section_unit == 0))):
                    raise ValueError(f"not a numeral: {s!r}")
                pending = Decimal(1)
            if section_unit and unit >= section_unit:
                raise ValueError(f"not a numeral: {s!r}")
            _push(terms, ctx.multiply(pending, unit), s)
            pending, section_unit, last_unit, saw_zero = None, unit, unit, False
        elif tok in _CN_BIG_UNITS:
            unit = _CN_BIG_UNITS[tok]
            if pending is not None:
                _push(terms, pending, s)
                pending = None
            accumulated = Decimal(0)
            popped = False
            while terms and terms[-1] < unit:
                accumulated = ctx.add(accumulated, terms.pop())
                popped = True
            if not popped:
                if index != 0:
                    raise ValueError(f"not a numeral: {s!r}")
                accumulated = Decimal(1)
            _push(terms, ctx.multiply(accumulated, unit), s)
            section_unit, last_unit, saw_zero = 0, unit, False
        else:
            raise ValueError(f"not a numeral: {s!r}")
    if pending is not None:
        # Colloquial 三千五 = 3500, 一万五 = 15000: a trailing digit right after 百 or a larger unit.
        if last_unit >= 100 and not saw_zero:
            pending = ctx.multiply(pending, last_unit // 10)
        _push(terms, pending, s)
    elif saw_zero:
        raise ValueError(f"not a numeral: {s!r}")
    if not terms:
        raise ValueError(f"not a numeral: {s!r}")
    total = Decimal(0)
    for term in terms:
        total = ctx.add(total, term)
    return total


# ---------------------------------------------------------------------------------------------
# Character classes and bounded context helpers
# ---------------------------------------------------------------------------------------------


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _is_latin(ch: str) -> bool:
    return ch in _LATIN_LETTERS


def _char(text: str, index: int) -> str:
    """text[index], or NUL outside the text (so that membership tests on strings stay false)."""
    return text[index] if 0 <= index < len(text) else "\x00"


def _is_numeral_char(ch: str) -> bool:
    return ch in _ASCII_DIGITS or ch in _CN_DIGIT_VALUES or ch in _CN_SMALL_UNITS


def _is_single_cn_numeral(ch: str) -> bool:
    return ch in _CN_DIGIT_VALUES or ch in _CN_SMALL_UNITS


def _quoted_spans(text: str, lo: int = 0, hi: int | None = None) -> tuple[list[int], list[int]]:
    """Starts and ends of short quoted names and titles in text[lo:hi], sorted."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _QUOTED_RE.finditer(text, lo, len(text) if hi is None else hi):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _inside(spans: tuple[list[int], list[int]], start: int, end: int) -> bool:
    starts, ends = spans
    i = bisect_right(starts, start) - 1
    return i >= 0 and starts[i] < start and end < ends[i]


def _at_list_position(text: str, start: int) -> bool:
    """True when only spaces or an opening bracket separate ``start`` from a line start or a colon."""
    i = start - 1
    for _ in range(3):
        if i < 0:
            return True
        ch = text[i]
        if ch in _LIST_CONTEXT_BEFORE:
            return True
        if ch not in _SPACE_OR_OPEN:
            return False
        i -= 1
    return False


# ---------------------------------------------------------------------------------------------
# Analysis of one numeral
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Follow:
    pos: int  # first index after numeral + multiplier + unit
    more: str | None  # 余 / 多 between numeral and unit
    multiplier: str | None  # multiplier characters as written (万, 万亿; 万 and 亿 of 4万多亿)
    factor: Decimal  # product of the multipliers that scale the numeral
    addend: Decimal  # a second term already in base units: 3千多万 of 1亿3千多万
    unit_surface: str | None
    unit: _Unit | None
    reject: str | None  # a follower that makes the numeral a label/date/age


@dataclass(slots=True)
class _Result:
    quantity: Quantity | None
    reason: str | None
    end: int  # first index not consumed (numeral, unit and any range partner)
    scale: int = 1  # scale of the unit (10 for 成), so that 三至四成 scales 三 too


def _take_more(text: str, pos: int, *, before_noun: bool) -> bool:
    """余/多 at ``pos`` means "more than" (not 多元, 多样, 余额); ``before_noun`` allows 3亿多农村人口."""
    if _char(text, pos) not in _MORE_CHARS or _char(text, pos + 1) in _MORE_CHARS:
        return False
    nxt = _char(text, pos + 1)
    if nxt in _MULTIPLIER_CHARS or _UNIT_RE.match(text, pos + 1) or not _is_han(nxt):
        return True
    return before_noun and nxt not in _NOT_MORE_AFTER


def _read_follow(text: str, pos: int, *, chinese: bool) -> _Follow:
    """Read 余/多, multipliers and a unit starting at ``pos`` (each optional)."""
    more: str | None = None
    multiplier = ""
    factor = Decimal(1)
    addend = Decimal(0)
    if _take_more(text, pos, before_noun=False):
        more = text[pos]
        pos += 1
    unit_match = _UNIT_RE.match(text, pos)
    # A unit that starts with a multiplier character (千瓦, 千米, 百分点) wins over the multiplier.
    mult = (
        None if unit_match and unit_match.group()[0] in _MULTIPLIER_CHARS else _MULTIPLIER_RE.match(text, pos)
    )
    if mult is not None and (more is not None or not chinese):
        multiplier = mult.group()
        factor = _multiplier_value(multiplier)
        pos = mult.end()
        # 2万5千, 1亿3千多万: a smaller second term.
        second = _COMPOUND_TERM_RE.match(text, pos) if more is None else None
        if second is not None and _multiplier_value(second.group(2)) < factor:
            addend_factor = _multiplier_value(second.group(2))
            addend_digits = Decimal(second.group(1))
            pos = second.end()
            if _take_more(text, pos, before_noun=True):
                more = text[pos]
                pos += 1
                tail = _MULTIPLIER_RE.match(text, pos)
                if (
                    tail is not None
                    and _CTX.multiply(_multiplier_value(tail.group()), addend_factor) < factor
                ):
                    addend_factor = _CTX.multiply(addend_factor, _multiplier_value(tail.group()))
                    pos = tail.end()
            addend = _CTX.multiply(addend_digits, addend_factor)
        elif more is None and _take_more(text, pos, before_noun=True):
            more = text[pos]
            pos += 1
            tail = _MULTIPLIER_RE.match(text, pos)  # 4万多亿元
            unit_here = _UNIT_RE.match(text, pos)
            if tail is not None and not (unit_here and unit_here.group()[0] in _MULTIPLIER_CHARS):
                multiplier += tail.group()
                factor = _CTX.multiply(factor, _multiplier_value(tail.group()))
                pos = tail.end()
    reject = _REJECT_FOLLOWER_RE.match(text, pos)
    if reject is not None:
        return _Follow(
            pos, more, multiplier or None, factor, addend, None, None, _REJECT_FOLLOWERS[reject.group()]
        )
    unit_match = _UNIT_RE.match(text, pos)
    if unit_match is not None:
        blocked = _NOT_CLASSIFIER_AFTER.get(unit_match.group())
        after_unit = _char(text, unit_match.end())
        rate_only = unit_match.group() in _RATE_ONLY_UNITS
        if (blocked is not None and after_unit in blocked) or (rate_only and after_unit != "/"):
            unit_match = None
    if unit_match is None:
        latin = _LATIN_UNIT_RE.match(text, pos)
        if latin is None:
            return _Follow(pos, more, multiplier or None, factor, addend, None, None, None)
        unit = _LATIN_UNITS[latin.group()]
        return _Follow(latin.end(), more, multiplier or None, factor, addend, latin.group(), unit, None)
    surface = unit_match.group()
    unit = _UNITS[surface]
    end = unit_match.end()
    # Rates: 元/人, 微克/立方米, 吨/日, 人/百亿元.
    if _char(text, end) == "/":
        rate = _RATE_RE.match(text, end + 1)
        if rate is not None:
            per = rate.group(2)
            per = _UNITS[per].unit if per in _UNITS else per
            unit = _Unit(f"{unit.unit}/{rate.group(1)}{per}", unit.kind, unit.scale)
            surface = text[pos : rate.end()]
            end = rate.end()
    return _Follow(end, more, multiplier or None, factor, addend, surface, unit, None)


def _prefix_cue(text: str, start: int, floor: int) -> tuple[str, int] | None:
    """The bound cue word that ends right at ``start`` (and its start index), if any."""
    if start <= floor or text[start - 1] not in _CUE_LAST_CHARS:
        return None
    m = _PREFIX_CUE_RE.search(text, max(floor, start - 3), start)
    if m is None:
        return None
    cue = m.group()
    blockers = _CUE_BLOCKERS.get(cue)
    if blockers is not None and _char(text, m.start() - 1) in blockers:
        return None
    return cue, m.start()


def _context_reason(text: str, start: int, end: int, spans: tuple[list[int], list[int]]) -> str | None:
    """Reasons visible from the characters around the numeral itself."""
    size = len(text)
    before = text[start - 1] if start > 0 else "\x00"
    after = text[end] if end < size else "\x00"
    if before in _ORDINAL_BEFORE:
        return "ordinal"  # 第五; 十二届十次全会: the session number
    if before in _LATIN_LETTERS or (before in _HYPHENS and _char(text, start - 2) in _LATIN_LETTERS):
        return "code"  # C919, IPv6, COVID-19
    if after in _LATIN_LETTERS and _LATIN_UNIT_RE.match(text, end) is None:
        return "code"  # 5G, 4K, 3D, 5A级
    if before in _CODE_NEIGHBOURS or after in _CODE_NEIGHBOURS:
        return "code"  # 1+N, 7·17
    if after in _RATIO_SIGNS and _char(text, end + 1) in _ASCII_DIGITS:
        return "code"  # ratios and clock times
    if before in _RATIO_SIGNS and _char(text, start - 2) in _ASCII_DIGITS:
        return "code"
    if after == "." and _char(text, end + 1) in _ASCII_DIGITS:
        return "code"  # dotted identifiers and versions (3.0.1)
    if before in _OPEN_BRACKETS and after in _CLOSE_BRACKETS:
        return "list_number"  # （1）
    if after in _LIST_NUMBER_AFTER and _at_list_position(text, start):
        return "list_number"  # 1、 2. at the start of a line
    if spans[0] and _inside(spans, start, end):
        return "quoted_name"
    return None


def _idiom_reason(text: str, start: int, end: int) -> str | None:
    """Single Chinese numerals that alternate with another numeral: 接二连三, 三个一批, 五位一体."""
    if end - start != 1:
        return None
    if _is_single_cn_numeral(_char(text, start - 2)) and _is_filler(_char(text, start - 1)):
        return "idiom"
    if _is_single_cn_numeral(_char(text, end + 1)) and _is_filler(_char(text, end)):
        return "idiom"
    return None


def _is_filler(ch: str) -> bool:
    """The character between the numerals of 接二连三 / 三个一批 (not 至 of 三至五)."""
    return _is_han(ch) and not _is_single_cn_numeral(ch) and ch not in _RANGE_SEPARATORS


def _combine_bounds(cues: list[tuple[str, Bound]]) -> tuple[Bound, str | None]:
    if not cues:
        return "exact", None
    bound = cues[-1][1]  # the last cue (a suffix) decides
    words = [w for w, b in cues if b == bound]
    return bound, "…".join(words)


def _analyze(
    text: str,
    start: int,
    end: int,
    *,
    floor: int,
    spans: tuple[list[int], list[int]],
    allow_range: bool = True,
) -> _Result:
    """Classify the numeral token text[start:end]; return a quantity or the reason it is none."""
    raw = text[start:end]
    chinese = raw[0] not in _ASCII_DIGITS
    if len(raw) > _MAX_NUMERAL_CHARS:
        return _Result(None, "too_long", end)
    # 二十万千瓦: give 千 back to the unit 千瓦 (likewise 千米, 百分点).
    if chinese and len(raw) > 1 and raw[-1] in "千百十":
        unit_match = _UNIT_RE.match(text, end - 1)
        if unit_match is not None and len(unit_match.group()) > 1:
            end -= 1
            raw = raw[:-1]

    # Fractions: 三分之一, 百分之五, 千分之三, 1/3.
    if text.startswith("分之", end):
        return _analyze_fraction(text, start, end, floor=floor, spans=spans, slash=False)
    if not chinese and _char(text, end) == "/" and _char(text, end + 1) in _ASCII_DIGITS:
        return _analyze_fraction(text, start, end, floor=floor, spans=spans, slash=True)

    # Cheap rejections first: the context of the numeral, then Chinese numerals inside words.
    reason = _context_reason(text, start, end, spans)
    cue = _prefix_cue(text, start, floor)
    if cue is None and chinese and raw[0] in _LEADING_MULTIPLIERS and _char(text, start - 1) == "上":
        cue = ("上", start - 1)  # 上千万家庭, 上万人
    if reason is None and chinese:
        reason = _chinese_word_reason(text, start, end, raw, cue)
    base = Decimal(0)
    if reason is None:
        try:
            base = _numeral_value(raw, chinese)
        except (ValueError, ArithmeticError):
            reason = "not_a_numeral"
    if reason is not None:
        return _Result(None, reason, _skip_partner(text, end))

    follow = _read_follow(text, end, chinese=chinese)
    pos = follow.pos

    # A range partner: 6.5%－7%, 3至5个, 2—4家, 5000亿至6000亿元.  A numeral without a unit
    # shares the fate of its partner (0-1岁, 2021—2025年, 1—2号线).
    right = None
    if allow_range and _char(text, pos) in _RANGE_SEPARATORS and _char(text, pos + 1) != text[pos]:
        right = _NUMERAL_RE.match(text, pos + 1)
    consumed = right.end() if right is not None and follow.unit is None else pos
    if follow.reject is not None:
        return _Result(None, follow.reject, consumed)
    partner: _Result | None = None
    if right is not None and _char(text, start - 1) not in _TRANSITION_BEFORE:
        partner = _analyze(text, right.start(), right.end(), floor=pos + 1, spans=spans, allow_range=False)
        if follow.unit is None:
            consumed = partner.end

    unit = follow.unit
    surface = follow.unit_surface
    if (surface == "半" and raw != "一") or (surface == "成" and base > 10):
        unit = surface = None  # 半 only in 一半; 成 only up to 十成
    if chinese:
        reason = _chinese_reason(text, start, raw, cue, unit, surface, ranged=partner is not None)
        if reason is not None:
            return _Result(None, reason, consumed)

    value = _CTX.add(_CTX.multiply(base, follow.factor), follow.addend)
    if unit is not None and unit.scale != 1:
        value = _CTX.multiply(value, unit.scale)
    pair = _range_pair(value, unit, follow, partner)

    # Written in Arabic digits, 5大微短剧基地 counts five bases; 五大基地 is a name.
    arabic_da = unit is None and not chinese and follow.multiplier is None and _char(text, pos) == "大"
    if arabic_da and base == base.to_integral_value() and 1 < base < 100 and _is_han(_char(text, pos + 1)):
        unit, surface, pos = _Unit("个", "count"), "大", pos + 1
    after_unit = _char(text, pos)
    implied = unit is None and (
        (not chinese and follow.multiplier is not None)
        or (chinese and cue is not None and (follow.multiplier is not None or raw[-1] in _BIG_UNIT_CHARS))
    )
    if unit is not None:
        reason = _unit_reason(text, start, pos, base, chinese, unit, surface or "", cue, follow)
    elif partner is not None and partner.reason is not None and follow.multiplier is None:
        reason = partner.reason  # 0-1岁, 2021—2025年, 1—2号线
    elif follow.multiplier is None and pair is None:
        if chinese and not (implied and _implied_unit(text, pos)):
            reason = "no_unit"
        elif not chinese:
            reason = _bare_reason(text, pos, base)
    if reason is None and after_unit == "级" and (follow.multiplier is not None or unit is not None):
        reason = "magnitude_class"  # 千亿级, 百万吨级
    if reason is not None:
        return _Result(None, reason, consumed)

    multiplier_text: str | None = None
    if chinese:
        tail = len(raw) - len(raw.rstrip("万萬亿億"))
        multiplier_text = raw[len(raw) - tail :] if tail else None
    if follow.multiplier is not None:
        multiplier_text = (multiplier_text or "") + follow.multiplier

    cues: list[tuple[str, Bound]] = []
    q_start = start
    if cue is not None:
        cues.append((cue[0], _PREFIX_CUES.get(cue[0], "at_least")))
        q_start = cue[1]
    if follow.more is not None:
        cues.append((follow.more, "at_least"))
    elif surface is not None and "多" in surface:
        cues.append(("多", "at_least"))  # 3个多月

    value_max: Decimal | None = None
    q_end = pos
    unit_scale = unit.scale if unit is not None else 1
    if pair is not None:
        value, value_max, high = pair
        unit = _Unit(high.unit, high.kind)
        multiplier_text = multiplier_text or high.multiplier_text
        if high.bound_text is not None:
            cues.append((high.bound_text, high.bound))
        q_end = high.end
    else:
        suffix = _SUFFIX_CUE_RE.match(text, pos)
        if suffix is not None and not (suffix.group() == "上下" and _is_han(_char(text, suffix.end()))):
            cues.append((suffix.group(), _SUFFIX_CUES[suffix.group()]))
            q_end = suffix.end()
        elif (
            follow.more is None
            and unit is not None
            and after_unit in _MORE_CHARS
            and (
                not _is_han(_char(text, pos + 1))
                or (unit.unit in _TIME_UNITS and _char(text, pos + 1) not in _NOT_MORE_AFTER)
            )
        ):
            cues.append((after_unit, "at_least"))  # 1年多, 3年余
            q_end = pos + 1
        if unit is None and implied:
            unit = _implied_unit(text, q_end)  # 1100多万学生 -> 人, 上千万家庭 -> 户
    bound, bound_text = _combine_bounds(cues)
    if cue is not None and cues[0][1] != bound:
        q_start = start  # 控制在5.5%左右: the prefix does not set the bound
    value = _tidy(value)
    value_max = _tidy(value_max) if value_max is not None else None
    quantity = Quantity(
        start=q_start,
        end=q_end,
        text=text[q_start:q_end],
        value=value,
        value_max=value_max,
        unit=unit.unit if unit is not None else "",
        bound=bound,
        bound_text=bound_text,
        kind=unit.kind if unit is not None else "bare",
        multiplier_text=multiplier_text or None,
    )
    return _Result(quantity, None, q_end, unit_scale)


def _skip_partner(text: str, pos: int) -> int:
    """End of the range partner after ``pos`` (第5—8位 is rejected whole), else ``pos``."""
    sep = _char(text, pos)
    if sep in _RANGE_SEPARATORS and _char(text, pos + 1) != sep:
        right = _NUMERAL_RE.match(text, pos + 1)
        if right is not None:
            return right.end()
    return pos


def _chinese_word_reason(
    text: str, start: int, end: int, raw: str, cue: tuple[str, int] | None
) -> str | None:
    """Chinese numerals inside words, idioms and codes, seen before reading any unit."""
    if len(raw) >= 2 and all(ch in _CN_SEQUENCE_DIGITS for ch in raw):
        return "digit_sequence"  # 二〇三五年, 一二三产业, 三四轮车
    if raw in _ZERO_CHARS:
        return "word_part"  # 零碳, 零部件, 零售
    if raw[0] in _LEADING_MULTIPLIERS and cue is None:
        return "word_part"  # 百姓, 千方百计, 万物; but 近万家, 超万亿元
    if end - start == 1:
        if raw == "一" and (cue is None or cue[0] not in _QUANTIFIER_CUES):
            nxt = _char(text, end)
            if nxt not in _AFTER_COUNTED_ONE and nxt not in _RANGE_SEPARATORS:
                return "indefinite"  # 一批, 一切, 一流 (decided here unless 一半, 一倍, 一个百分点)
        return _idiom_reason(text, start, end)
    return None


def _chinese_reason(
    text: str,
    start: int,
    raw: str,
    cue: tuple[str, int] | None,
    unit: _Unit | None,
    surface: str | None,
    *,
    ranged: bool,
) -> str | None:
    """Chinese numerals that are parts of words rather than amounts, seen with their unit."""
    counted_one = ranged or (cue is not None and cue[0] in _QUANTIFIER_CUES)  # 一至三个, 至少一人
    counted = unit is not None and (unit.kind in ("share", "points") or surface == "倍")
    if raw == "一" and not counted_one and not counted:
        return "indefinite"  # 一批, 一件事, 一张网, 一流; but 至少一人, 一半, 一倍
    if raw in _CN_DIGIT_VALUES and unit is not None and unit.kind == "money":
        return "word_part"  # 二元结构, 三元
    if _ISSUER_BEFORE_RE.search(text, max(0, start - 3), start):
        return "named_rule"  # 中央八项规定
    counted_thing = unit is not None and unit.kind == "count" and surface is not None
    if counted_thing and _char(text, start + len(raw) + len(surface or "")) in _OPENING_QUOTES:
        return "slogan"  # 两个“一百年”, 三个“一号工程” (but 100个“美丽街区” counts)
    return None


def _bare_reason(text: str, pos: int, base: Decimal) -> str | None:
    """Why an Arabic number without unit or multiplier is not an amount."""
    after = _char(text, pos)
    integral = base == base.to_integral_value()
    if _is_han(after) and integral and not _SUFFIX_CUE_RE.match(text, pos) and after not in _MORE_CHARS:
        return "label"  # 1233重点产业链, 12345热线, 2型
    if integral and 1900 <= base <= 2100:
        return "year_like"
    return None


def _implied_unit(text: str, pos: int) -> _Unit | None:
    """人 or 户 implied by the noun after a number without a classifier (1100多万学生, 上千万家庭)."""
    end = pos
    limit = min(len(text), pos + _IMPLIED_WINDOW)
    while end < limit and _is_han(text[end]):
        end += 1
    if end == pos:
        return None
    if _HOUSEHOLD_HEAD_RE.search(text, pos, end):
        return _Unit("户", "count")
    if _PERSON_HEAD_RE.search(text, pos, end):
        return _Unit("人", "count")
    return None


def _range_pair(
    value: Decimal, unit: _Unit | None, follow: _Follow, partner: _Result | None
) -> tuple[Decimal, Decimal, Quantity] | None:
    """(low, high, right) when the numeral and its partner form a range of one unit."""
    if partner is None or partner.quantity is None:
        return None
    right = partner.quantity
    low = value
    if unit is None:
        if right.unit == "" and not right.multiplier_text:
            return None
        low = _CTX.multiply(value, partner.scale)  # 三至四成
        if follow.multiplier is None and right.multiplier_text:
            low = _CTX.multiply(low, _multiplier_value(right.multiplier_text))  # 3至5万人
    elif unit.unit != right.unit:
        return None
    if right.value < low:
        return None
    return low, right.value, right


def _unit_reason(
    text: str,
    start: int,
    pos: int,
    base: Decimal,
    chinese: bool,
    unit: _Unit,
    surface: str,
    cue: tuple[str, int] | None,
    follow: _Follow,
) -> str | None:
    """Reasons that depend on the unit after the numeral."""
    after = _char(text, pos)
    name = unit.unit
    cue_word = cue[0] if cue is not None else None
    if name == "年" and follow.multiplier is None:
        if base == base.to_integral_value() and 1900 <= base <= 2100:
            return "year"
        if _PLAN_AFTER_RE.match(text, pos):
            return "plan_name"  # 五年规划, 三年行动
        if _ANNIVERSARY_BEFORE_RE.search(text, max(0, start - 2), start):
            return "anniversary"  # 建军一百年
    if name in _TIME_UNITS:
        since = after == "来" or (after in _MORE_CHARS and _char(text, pos + 1) == "来")
        if cue_word in ("近", "将近", "接近") or since:
            return "period"  # 近三年, 五年来
        before = _PERIOD_BEFORE_RE.search(text, max(0, start - 2), start)
        if before is not None and not (before.group() == "前" and _char(text, start - 2) in "提之以"):
            return "period"  # 未来五年, 前5个月
    if name == "岁":
        # An age threshold (60岁以上老人, 0-1岁新生儿) is not an amount; 寿命达到80岁 is.
        if _SUFFIX_CUE_RE.match(text, pos) or _is_han(after) or after in _RANGE_SEPARATORS:
            return "age"
        if _char(text, start - 1) in _RANGE_SEPARATORS and _is_numeral_char(_char(text, start - 2)):
            return "age"
    ranked = name in ("位", "名", "强", "%", "‰", "‱") and _char(text, start - 1) in "前后"
    if ranked and _char(text, start - 2) not in "提之以此":
        return "ranking"  # 全国前10位, ESI前1‰学科
    if surface in _GRADE_UNITS:
        if surface == "星" or (_SUFFIX_CUE_RE.match(text, pos) and (chinese or surface != "类")):
            return "grade"  # 二类以上公厕, 三星 (but 8类以上重点商品 counts)
        if _is_han(after) and (chinese or surface == "级"):
            return "grade"  # 三级医院, 二类公厕 (but 5类重点人群 counts)
    if surface == "次" and _MEETING_AFTER_RE.match(text, pos):
        return "meeting"
    if surface == "次" and chinese and text.startswith("产业", pos):
        return "ordinal"  # 三次产业 (tertiary industry)
    if (
        chinese
        and unit.kind == "count"
        and text[start] in "二贰貳"
        and _char(text, start + 1) not in _MULTIPLIER_CHARS
    ):
        return "ordinal"  # a count of two is 两个; 二轮, 二批, 二季 are ordinals
    return None


@lru_cache(maxsize=64)
def _multiplier_value(multiplier: str) -> Decimal:
    value = 1
    for ch in multiplier:
        value *= _CN_BIG_UNITS.get(ch) or _CN_SMALL_UNITS[ch]
    return Decimal(value)


def _numeral_value(raw: str, chinese: bool) -> Decimal:
    """Value of a numeral token found by _NUMERAL_RE (fast paths for the common shapes)."""
    if not chinese:
        return Decimal(raw.replace(",", "").replace("，", "") if len(raw) > 3 else raw)
    digit = _DIGIT_DECIMALS.get(raw)
    if digit is not None:
        return digit
    return _parse_numeral(raw, _CTX)


def _analyze_fraction(
    text: str, start: int, end: int, *, floor: int, spans: tuple[list[int], list[int]], slash: bool
) -> _Result:
    """三分之一 (share), 百分之五 (percent), 千分之三 (per mille), 1/3 (share)."""
    second = _NUMERAL_RE.match(text, end + (1 if slash else 2))
    if second is None:
        return _Result(None, "not_a_numeral", end + 2)
    reason = _context_reason(text, start, second.end(), spans)
    if reason is not None:
        return _Result(None, reason, second.end())
    try:
        first = _numeral_value(text[start:end], text[start] not in _ASCII_DIGITS)
        other = _numeral_value(second.group(), second.group()[0] not in _ASCII_DIGITS)
    except (ValueError, ArithmeticError):
        return _Result(None, "not_a_numeral", second.end())
    count, denominator = (first, other) if slash else (other, first)
    if denominator == 0 or count > denominator or (slash and (count == 0 or denominator > 20)):
        return _Result(None, "not_a_numeral", second.end())
    kind: Kind
    if denominator == 100 and not slash:
        value, unit_name, kind = count, "%", "percent"
    elif denominator == 1000 and not slash:
        value, unit_name, kind = count, "‰", "percent"
    else:
        value = _CTX.divide(_CTX.multiply(count, 100), denominator).quantize(_SHARE_QUANTUM, context=_CTX)
        unit_name, kind = "%", "share"
    value = _tidy(value)
    cues: list[tuple[str, Bound]] = []
    q_start = start
    cue = _prefix_cue(text, start, floor)
    if cue is not None:
        cues.append((cue[0], _PREFIX_CUES[cue[0]]))
        q_start = cue[1]
    q_end = second.end()
    suffix = _SUFFIX_CUE_RE.match(text, q_end)
    if suffix is not None:
        cues.append((suffix.group(), _SUFFIX_CUES[suffix.group()]))
        q_end = suffix.end()
    bound, bound_text = _combine_bounds(cues)
    if cue is not None and cues[0][1] != bound:
        q_start = start
    quantity = Quantity(
        q_start, q_end, text[q_start:q_end], value, None, unit_name, bound, bound_text, kind, None
    )
    return _Result(quantity, None, q_end)


# ---------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in text that are real counted/measured amounts, in order, non-overlapping.

    >>> [(q.text, q.value, q.unit) for q in find_quantities("从2020年的5.2万元提高到2025年的7.4万元")]
    [('5.2万元', Decimal('52000'), '元'), ('7.4万元', Decimal('74000'), '元')]
    >>> [(q.text, q.value, q.value_max, q.kind) for q in find_quantities("增长6.5%－7%，近三成")]
    [('6.5%－7%', Decimal('6.5'), Decimal('7'), 'percent'), ('近三成', Decimal('30'), None, 'share')]
    """
    spans = _quoted_spans(text)
    found: list[Quantity] = []
    last_end = 0
    size = len(text)
    for m in _NUMERAL_RE.finditer(text):
        start, end = m.span()
        if start < last_end:
            continue
        # Fast rejection of the common hopeless cases (the full analysis would reject them too):
        # an Arabic integer glued to a Han character that can start nothing the analysis reads
        # (1233重点 is a label), and a plain Chinese numeral with no unit after it.
        nxt = text[end] if end < size else ""
        if nxt not in _FOLLOW_START and _is_han(nxt):
            if m.lastgroup == "ar" and "." not in m.group():
                continue
            if (
                m.lastgroup == "cn"
                and not _BIG_UNIT_CHARS.intersection(m.group())
                and m.group()[-1] not in "千百十"
            ):
                continue
        result = _analyze(text, start, end, floor=last_end, spans=spans)
        if result.quantity is not None:
            found.append(result.quantity)
        last_end = max(last_end, result.end)
    return _share_units(text, found)


def _share_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """In 增长5.9、6.7个百分点 and 快于3.4个、2.1个百分点 the last unit belongs to every item."""
    for i in range(len(found) - 2, -1, -1):
        q, nxt = found[i], found[i + 1]
        if text[q.end : nxt.start] not in _ENUMERATION_JOINERS or q.value_max is not None:
            continue
        takes_unit = q.unit == "" and q.multiplier_text is None and nxt.unit != ""
        points = q.unit == "个" and nxt.unit == "百分点" and text.endswith("个", q.start, q.end)
        if (takes_unit or points) and nxt.kind not in ("share",):
            found[i] = replace(q, unit=nxt.unit, kind=nxt.kind)
    return found


def is_not_quantity(text: str, start: int, end: int) -> str | None:
    """Why the numeral at ``text[start:end]`` is not a quantity, or None when it is one.

    Reasons include ``year``, ``date``, ``ordinal``, ``code``, ``quoted_name``, ``list_number``,
    ``indefinite``, ``idiom``, ``no_unit``, ``label``, ``grade``, ``age``, ``meeting`` and
    ``period``.

    >>> is_not_quantity("会上回顾了2023年的工作", 5, 9)
    'year'
    >>> is_not_quantity("加装22部电梯", 2, 4) is None
    True
    """
    if not 0 <= start < end <= len(text):
        return "not_a_numeral"
    m = _NUMERAL_RE.match(text, start)
    # The span must be a whole numeral token (二十万 of 二十万千瓦 is one too).
    shrunk = m is not None and m.end() == end + 1 and text[end] in "千百十" and _UNIT_RE.match(text, end)
    if m is None or (m.end() != end and not shrunk):
        return "not_a_numeral"
    lo = max(0, start - _QUOTE_WINDOW)
    spans = _quoted_spans(text, lo, min(len(text), end + _QUOTE_WINDOW))
    result = _analyze(text, start, end, floor=0, spans=spans)
    return result.reason
