"""Named projects, parks, zones, facilities, platforms, events, programmes, organisations and places.

The extractor works on the token sequence of each sentence (jieba or pkuseg tokens):

1. tokens become *units*: a quoted name (“东数西算”) or a short parenthesis (（华东）) is one unit;
   punctuation, conjunctions (和 与 及) and 等 are units of their own kind; an event abbreviation cut
   by the segmenter (进 博会) is joined, and so is a head spread over tokens (博物馆 群, 亦 庄院 区);
2. a unit ending in a *head* (项目 工程 产业园 中心 平台 新区 博览会 行动 …, listed by type in
   ``resources/project_lexicon.json``) closes a name; its left boundary is found by walking left
   over units that may belong to a name and stopping at punctuation, function words, policy verbs
   (推进 加快 实施 …), quantities (一批 5个) and ordinals; the walk is bounded (:data:`MAX_UNITS`
   units, :data:`MAX_CHARS` characters), so extraction stays linear in the length of the text;
   an extension or a phase after the head belongs to the name (6号线南延, 3号线一期);
3. leading generic words and verbs are trimmed; a name made only of generic words (现代农业产业园),
   a name under a level word (省级…示范区), a category after 等, a category counted after it
   (充电站7万个) and the position of a city (国际科技创新中心) are not names;
4. coordination is expanded: short conjuncts sharing a tail (乌石、惠州油田), lists closed by 等
   or by a count (引大济岷、红格南钒钛磁铁矿等项目; 增利、提效增值两大重点行动), a bare head sharing
   the prefix of the conjunct before it (北京冬奥会和冬残奥会);
5. a name with no head, or one the rules above reject as too plain, is taken when it is the whole
   subject of a clause saying it was completed or opened (方厅水院建成启用, 厂通路建成通车) or the
   whole object of a clause opening with such a verb (开通运营青岛国际通信业务出入口局), and a whole
   clause's object after 举办 or 办好 when it is an event; counts and descriptions are not;
6. places come from place suffixes (永嘉县), joined toponyms (X家峪) and dictionary toponyms that
   open a name (巴黎 in 巴黎奥运会).

Every mention keeps its exact span of the text; one :class:`~analyzer.records.Project` is returned
per canonical name (quotation marks removed), in the order of first mention.
"""

from __future__ import annotations

import bisect
import functools
import json
import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from analyzer.records import Mention, Project, Sentence, Token
from analyzer.segment import TOPONYM_SUFFIXES

__all__ = ["canonical_name", "extract_projects"]

MAX_UNITS = 12  # units walked left from a head
MAX_CHARS = 30  # characters of a name
MAX_QUOTE = 20  # characters inside quotation marks taken as one unit
MAX_PAREN = 8
MAX_CONJUNCT = 15
MAX_CONJUNCTS = 8

QUOTES = "“”‘’「」『』\"'"
OPEN_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}
OPEN_PARENS = {"（": "）", "(": ")"}
_QUOTE_TABLE = {ord(c): None for c in QUOTES}
RE_ALNUM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+\-]*$")
RE_NUMBER = re.compile(r"^[0-9.]+$")
RE_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
RE_PUNCT = re.compile(r"^[\s，。；：！？、,.;:!?（）()《》〈〉【】\[\]—…·/|~～\-－“”‘’「」『』\"']+$")
RE_DASH = re.compile(r"^[－\-—·]$")
RE_CJK_DASH = re.compile(r"(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff])")
_NUM = "一二两三四五六七八九十百千万零几多"
# 第二条 首届 第十五届: an ordinal ends a walk (an event keeps it, see _extend_left); 第一 of
# 第一医院 does not
RE_ORDINAL = re.compile(rf"^(?:第[{_NUM}\d]{{1,4}}[条批个期届次座家项轮]|首[条批个期届次座家项轮]?)$")
# 一批 两所 五大 七是 三个 100个: a quantity or an enumerator
RE_QUANTITY = re.compile(rf"^(?:[{_NUM}]+|\d+)[批所大个项条座家类种是届宗]$")
RE_NUMBERED = re.compile(rf"^(?:[{_NUM}]+|\d+)[号期]$")  # 一号 三期: part of a name
# 东延 南延伸 西延线 东段 一期 三期 新馆 复线: an extension, a section, a phase or a new building after a head (6号线南延,
# 3号线一期); 延伸 延伸段 after a separate direction (西 延伸)
RE_EXTENSION = re.compile(rf"^(?:[东西南北](?:延伸?[段线]?|段|馆)|[{_NUM[:11]}]期|新[馆院址]|复线)$")
RE_EXTENSION_TAIL = re.compile(r"^延伸?[段线]?$")
COMPASS = frozenset("东西南北")
RE_COUNT = re.compile(r"^[0-9.]+[万亿千百]*([批所大个项条座家类种余多处宗]?)$")  # 1000 (座), 7万 (个), 7万个
RE_DURATION = re.compile(rf"^[{_NUM}]+(?:年|天|日|个月)$")  # 三年 百日
RE_GROUP = re.compile(rf"^[{_NUM[1:]}]+大$")  # 两大 四大: a count closing a list
RE_ORDINAL_BEFORE = re.compile(rf"(?:第[{_NUM}\d]{{1,4}}|首)届$")
RE_YEAR_BEFORE = re.compile(r"(?:19|20)\d\d年$")
RE_YEAR = re.compile(r"(?:19|20)\d\d")
RE_LEVEL = re.compile(r"(?:国家|省|市|区|县|世界|部|[1-5]A|A{3,5}|[一二三四五十百千万亿吨])级")
RE_DESIGNATION = re.compile(r"示范(?:区|项目|基地|园区|县|市|点|工程)$")

PROPER_TAGS = frozenset({"ns", "nr", "nz", "nt", "j", "nrt", "nrfg"})
NAME_CHAR_TAGS = frozenset({"n", "ns", "nr", "nz", "nt", "j", "ng"})
TRIM_TAGS = frozenset({"v", "p", "c", "r", "u", "m", "q"})
DIRECTIONS = frozenset("东南西北中上下")
QUANTITY_CHARS = frozenset("批所大个项条座家类种届年月日亿万千百多余")
SLOGAN_CHARS = frozenset("而的得了不")
RE_MEASURE = re.compile(
    r"^(?:[千万亿百]+(?:伏|瓦|千瓦|吨|米|立方米|平方米|亩|公里)?|伏|瓦|千瓦|吨|米|公里|亩|平方米|立方米)$"
)
RE_PROGRAMME_AMOUNT = re.compile(rf"^[{_NUM}亿]+[斤亩]")  # 千亿斤, 千万亩 opening a programme's name
PLURAL_CHARS = frozenset("批所大个项条座家类种余多处宗")
GLUED_CHARS = frozenset("等届个年由在对为将把被从向及")
NESTED_TYPES = frozenset({"facility", "park", "zone"})  # kept inside an organisation's name


def canonical_name(name: str) -> str:
    """The name with quotation marks and spaces removed.

    A hyphen between Chinese characters, folded to ASCII by normalisation, is written as the
    full-width dash of Chinese typography.

    >>> canonical_name("“东数西算”工程"), canonical_name("中国-欧盟领导人会晤")
    ('东数西算工程', '中国－欧盟领导人会晤')
    """
    if name.isalnum():
        return name  # the common case: nothing to remove
    return RE_CJK_DASH.sub("－", re.sub(r"\s+", "", name.translate(_QUOTE_TABLE)))


# --------------------------------------------------------------------------------------------
# Lexicons


@dataclass(frozen=True, slots=True)
class _Lexicon:
    heads: dict[str, str]  # head -> type
    head_lengths: tuple[int, ...]
    strict_heads: frozenset[str]
    weak_heads: frozenset[str]
    international: frozenset[str]
    dependent: frozenset[str]
    attributes: frozenset[str]
    relations: frozenset[str]
    positioning_heads: frozenset[str]
    positioning_markers: frozenset[str]
    position_fields: frozenset[str]  # the function a position names (国际航运中心)
    bare_event: tuple[str, ...]
    hard_stops: frozenset[str]
    ambiguous: frozenset[str]
    function: frozenset[str]
    generic: frozenset[str]
    lead_generic: frozenset[str]
    national: frozenset[str]
    brand_tails: frozenset[str]
    place_suffixes: frozenset[str]
    local_place_suffixes: frozenset[str]
    short_form_suffixes: frozenset[str]
    not_places: frozenset[str]
    not_after_head: frozenset[str]
    dependents_after_name: frozenset[str]  # words after a proper name that depend on it (京广铁路沿线)
    event_exclude: tuple[str, ...]
    negations: frozenset[str]
    conj_left_blockers: frozenset[str]
    appositive: frozenset[str]
    designation: tuple[str, ...]
    designation_verbs: frozenset[str]
    hosting_verbs: frozenset[str]  # verbs that hold an event (举办, 办好)
    partners: frozenset[str]  # one-character country names of 中X bilateral names (中德, 中欧)
    not_levels: frozenset[str]  # words ending in 级 that name no level (转型升级, 超级智算)
    programme_verbs: frozenset[str]
    plural: frozenset[str]
    transitive: frozenset[str]
    verbs: frozenset[str]  # hard stops and ambiguous verbs


@functools.cache
def _lexicon() -> _Lexicon:
    ref = resources.files("analyzer.resources").joinpath("project_lexicon.json")
    data = json.loads(ref.read_text(encoding="utf-8"))
    heads: dict[str, str] = {}
    for kind, words in data["heads"].items():
        for w in words:
            heads.setdefault(w, kind)
    return _Lexicon(
        heads=heads,
        head_lengths=tuple(sorted({len(h) for h in heads}, reverse=True)),
        strict_heads=frozenset(data["strict_heads"]),
        weak_heads=frozenset(data["weak_heads"]),
        international=frozenset(data["international_markers"]),
        dependent=frozenset(data["dependent_markers"]),
        attributes=frozenset(data["attribute_nouns"]),
        relations=frozenset(data["location_relations"]),
        positioning_heads=frozenset(data["positioning_heads"]),
        positioning_markers=frozenset(data["positioning_markers"]),
        position_fields=frozenset(data["position_fields"]),
        bare_event=tuple(data["bare_event_suffixes"]),
        hard_stops=frozenset(data["hard_stops"]),
        ambiguous=frozenset(data["ambiguous_verbs"]),
        function=frozenset(data["function_words"]),
        generic=frozenset(data["generic_modifiers"]),
        lead_generic=frozenset(data["lead_generic"]),
        national=frozenset(data["national_markers"]),
        brand_tails=frozenset(data["brand_tails"]),
        place_suffixes=frozenset(data["place_suffixes"]),
        local_place_suffixes=frozenset(data["local_place_suffixes"]),
        short_form_suffixes=frozenset(data["short_form_suffixes"]),
        not_places=frozenset(data["not_places"]),
        not_after_head=frozenset(data["not_after_head"]),
        dependents_after_name=frozenset(data["dependents_after_name"]),
        event_exclude=tuple(data["event_exclude"]),
        negations=frozenset(data["negations"]),
        conj_left_blockers=frozenset(data["conj_left_blockers"]),
        appositive=frozenset(data["appositive_nouns"]),
        designation=tuple(data["designation_words"]),
        designation_verbs=frozenset(data["designation_verbs"]),
        hosting_verbs=frozenset(data["hosting_verbs"]),
        partners=frozenset(data["bilateral_partners"]),
        not_levels=frozenset(data["not_levels"]),
        programme_verbs=frozenset(data["programme_verbs"]),
        plural=frozenset(data["plural_determiners"]),
        transitive=frozenset(data["transitive_verbs"]),
        verbs=frozenset(data["hard_stops"]) | frozenset(data["ambiguous_verbs"]),
    )


@functools.cache
def _dictionary() -> dict[str, tuple[int, str]]:
    """jieba's general dictionary (word -> frequency, POS tag); empty if jieba is missing."""
    try:
        import jieba
    except ImportError:  # pragma: no cover - jieba is a hard dependency
        return {}
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words: dict[str, tuple[int, str]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


@functools.cache
def _policy_terms() -> frozenset[str]:
    from analyzer.segment.lexicon import load_lexicon

    return frozenset(load_lexicon().words)


def _tag(word: str) -> str | None:
    entry = _dictionary().get(word)
    return entry[1] if entry is not None else None


@functools.lru_cache(maxsize=65536)
def _is_known(word: str) -> bool:
    """Can *word* be covered by dictionary words of two or more characters?"""
    words = _dictionary()
    policy = _policy_terms()
    n = len(word)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(min(n, i + 8), i + 1, -1):
            piece = word[i:j]
            if piece in words or piece in policy:
                ok[j] = True
    return ok[n]


@functools.lru_cache(maxsize=65536)
def _bilateral(word: str) -> bool:
    """Is *word* 中 and a partner's one-character name (中德, 中欧, 中老)?"""
    return len(word) == 2 and word[0] == "中" and word[1] in _lexicon().partners


def _is_proper(word: str) -> bool:
    """Does *word* look like a proper name: a dictionary toponym, person or brand name (not a very
    frequent word), or an unknown coined word such as 京蔚 or 温福?"""
    lex = _lexicon()
    if _bilateral(word):
        return True  # 中德, 中欧: a bilateral name
    if len(word) < 2 or not RE_CJK.match(word) or _is_generic(word, lex) or word in lex.not_places:
        return False
    if word in lex.hard_stops or word in lex.ambiguous or word in lex.function or word in lex.national:
        return False
    if (
        RE_QUANTITY.match(word)
        or RE_ORDINAL.match(word)
        or word[:2] in lex.hard_stops
        or word[:2] in lex.ambiguous
    ):
        return False  # 新建省: a verb glued to a word
    if word not in _dictionary() and (
        word[0] in lex.function
        or word[-1] in "和与及的了型类式"
        or (word[0] in lex.short_form_suffixes and len(word) >= 3)
    ):
        return False  # 以城带, 水和: a function word glued to a word; 陆港型: a type; 省算力: a level
    entry = _dictionary().get(word)
    if entry is not None:
        # a frequent word is a common one (a brand or person name turned word), except a
        # toponym: 南京 北京 are frequent because they are big (see not_places for 城市 平原 …)
        return entry[1] in PROPER_TAGS and (entry[0] < 5000 or entry[1] == "ns")
    return not _is_known(word)


def _is_generic(word: str, lex: _Lexicon) -> bool:
    return word in lex.generic or word in lex.lead_generic or word in _policy_terms()


# --------------------------------------------------------------------------------------------
# Units


@dataclass(slots=True)
class _Unit:
    text: str  # surface text
    start: int
    end: int
    kind: str  # word quote paren alnum punct enum conj deng dash space
    head: str | None = None  # matched head (a suffix of text, or of the previous unit + text)
    htype: str | None = None
    proper: bool = False

    @property
    def bare(self) -> str:
        return self.text.translate(_QUOTE_TABLE) if self.kind == "quote" else self.text

    @property
    def prefix(self) -> str:
        """The part of a head unit before its head (现代农业 in 现代农业产业园)."""
        if self.head is None or len(self.head) >= len(self.text):
            return ""
        return self.text[: len(self.text) - len(self.head)]


def _match_head(text: str, lex: _Lexicon) -> tuple[str, str] | None:
    """The head that *text* ends with, and its type."""
    return _head_of(text)


@functools.lru_cache(maxsize=65536)
def _head_of(text: str) -> tuple[str, str] | None:
    lex = _lexicon()
    for n in lex.head_lengths:
        if n <= len(text):
            kind = lex.heads.get(text[-n:])
            if kind is not None:
                if _coined(text):
                    return text[-1], kind  # 农谷: a coined word, the valley of a park
                if n == 1 < len(text) and (
                    _tag(text) not in (None, *PROPER_TAGS)
                    or len(text) == 2
                    or (_tag(text[-2:]) not in (None, *PROPER_TAGS) and not _is_proper(text[:-2]))
                ):
                    return None  # 幼儿园 家园 名院, 集成电路 国际航线: a common word, not a name
                return text[-n:], kind
    return None


@functools.lru_cache(maxsize=65536)
def _joined_head(prev: str, text: str) -> tuple[str, str] | None:
    """A head spread over two tokens (算力 + 网, 加工 + 园, 自由贸易 + 港)."""
    lex = _lexicon()
    joined = prev + text
    for k in lex.head_lengths:
        if len(text) < k <= len(joined) and joined[-k:] in lex.heads:
            return joined[-k:], lex.heads[joined[-k:]]
    return None


@functools.lru_cache(maxsize=4096)
def _token_kind(t: str) -> str:
    if t.isspace():
        return "space"
    if t == "、":
        return "enum"
    if t in ("和", "与", "及", "以及"):
        return "conj"
    if t in ("等", "等等"):
        return "deng"
    if RE_DASH.match(t):
        return "dash"
    if RE_PUNCT.match(t):
        return "punct"
    if RE_ALNUM.match(t):
        return "alnum"
    return "word"


@functools.lru_cache(maxsize=65536)
def _split_point(t: str) -> int:
    """Where to cut token *t* in two (0: nowhere)."""
    if len(t) < 2 or not RE_CJK.match(t):
        return 0
    lex = _lexicon()
    known = t in _dictionary()
    if not known:
        # 南等, 等央属, 届亚: a function character glued to a word by the segmenter
        if t[-1] == "等":
            return len(t) - 1
        if t[0] in GLUED_CHARS:
            return 1
        if len(t) == 3 and t[:2] in lex.verbs:
            return 2  # 建设府, 新建省: a verb glued to the first character of a name
        if len(t) >= 3 and RE_EXTENSION.match(t[-2:]):
            return len(t) - 2  # 线南延, 路东延: a head glued to its extension
    if t[-1] in COMPASS and lex.heads.get(t[-2]) == "project" and (len(t) == 2 or not known):
        return len(t) - 1  # 线西 (延伸): a line glued to the direction of its extension
    if len(t) >= 4 and _match_head(t, lex) is None:
        for cut in range(len(t) - 2, 1, -1):
            rest = t[cut:]
            if (
                rest in lex.ambiguous or rest in lex.hard_stops or rest in lex.not_after_head
            ) and _match_head(t[:cut], lex):  # 项目前期 as one token
                return cut
    return 0


def _units(text: str, toks: Sequence[Token], lex: _Lexicon) -> list[_Unit]:
    pieces: list[Token] = []
    loose = False  # is pieces[-1] a run of loose characters?
    for i, tok in enumerate(toks):
        if pieces and (
            (
                tok.text == "."
                and pieces[-1].text[-1:].isdigit()
                and i + 1 < len(toks)
                and toks[i + 1].text[:1].isdigit()
            )
            or (pieces[-1].text[-1:] == "." and tok.text[:1].isdigit() and pieces[-1].end == tok.start)
        ):
            prev = pieces[-1]  # 8 . 6 (pkuseg): one number, 8.6
            pieces[-1] = Token(prev.text + tok.text, prev.start, tok.end)
            loose = False
            continue
        cut, tok_loose = _piece_profile(tok.text)
        # 万 of 成达万高铁: the initial of 万州 before a line's head, not a number
        initial = tok.text == "万" and i + 1 < len(toks) and toks[i + 1].text in INTERCITY_HEADS
        tok_loose = tok_loose or initial
        if tok.text in INTERCITY_HEADS:
            _join_initials(pieces)  # 成 达 万 高铁 (pkuseg): the initials of the places a line links
        if (
            tok_loose
            and pieces
            and not loose
            and i + 1 < len(toks)
            and lex.heads.get(toks[i + 1].text) == "project"
            and 2 <= len(pieces[-1].text) <= 3
            and (_is_proper(pieces[-1].text) or initial)  # 成达 万: the places of a line
        ):
            prev = pieces[-1]  # 宜西 攀 高铁: the initials of the places a line links
            pieces[-1] = Token(prev.text + tok.text, prev.start, tok.end)
            continue
        if tok_loose and pieces and pieces[-1].text == "中" and tok.text in lex.partners:
            prev = pieces[-1]  # 推进中 / 德 / 产业园: a bilateral name (中德)
            pieces[-1] = Token(prev.text + tok.text, prev.start, tok.end)
            loose = False
            continue
        if cut:
            split: tuple[Token, ...] = (
                Token(tok.text[:cut], tok.start, tok.start + cut),
                Token(tok.text[cut:], tok.start + cut, tok.end),
            )
        elif loose and tok_loose and len(pieces[-1].text) < 4:
            # an unknown word cut into characters (京 蔚 高速, 三 期)
            prev = pieces[-1]
            pieces[-1] = Token(prev.text + tok.text, prev.start, tok.end)
            continue
        else:
            pieces.append(tok)
            loose = tok_loose
            continue
        for k, piece in enumerate(split):
            piece_loose = _piece_profile(piece.text)[1]
            if loose and piece_loose and len(pieces[-1].text) < 4 and not (k and piece.text in COMPASS):
                prev = pieces[-1]  # 线 + 西 of 线西 延伸 stay apart
                pieces[-1] = Token(prev.text + piece.text, prev.start, piece.end)
            else:
                pieces.append(piece)
                loose = piece_loose
    units: list[_Unit] = []
    i = 0
    n = len(pieces)
    while i < n:
        tok = pieces[i]
        t = tok.text
        kind, proper, plain = _profile(t)
        if kind == "open":
            closer = OPEN_QUOTES.get(t) or OPEN_PARENS[t]
            limit = MAX_QUOTE if t in OPEN_QUOTES else MAX_PAREN
            j = i + 1
            length = 0
            while j < n and pieces[j].text != closer and length <= limit:
                if RE_PUNCT.match(pieces[j].text) and pieces[j].text not in "·-－+":
                    break
                length += len(pieces[j].text)
                j += 1
            if j < n and pieces[j].text == closer and 0 < length <= limit:
                kind = "quote" if t in OPEN_QUOTES else "paren"
                units.append(_Unit(text[tok.start : pieces[j].end], tok.start, pieces[j].end, kind))
                i = j + 1
                continue
            kind = _token_kind(t)
        i += 1
        # Most tokens are plain: not a head, not the end of a head spread over two tokens.
        if kind != "word":
            units.append(_Unit(t, tok.start, tok.end, kind))
        elif plain is True or (plain is None and (not units or units[-1].kind != "word")):
            if not proper and tok.pos == "ns":
                proper = len(t) >= 2 and t not in lex.not_places
            units.append(_Unit(t, tok.start, tok.end, "word", proper=proper))
        else:
            units.append(_unit(tok, units, lex))
    return units


def _join_initials(pieces: list[Token]) -> None:
    """Join the two or three one-character pieces before a line's head, standing after a
    boundary (、 成 达 万 高铁), into the line's name: they are the initials of its places."""
    k = len(pieces)
    while k > 0 and len(pieces) - k < 3 and len(pieces[k - 1].text) == 1 and RE_CJK.match(pieces[k - 1].text):
        k -= 1
    run = pieces[k:]
    if len(run) < 2 or any((_tag(p.text) or "")[:1] in ("p", "c", "u", "d", "r", "y") for p in run):
        return  # 以 用 好 铁路: a preposition and a verb, not initials
    if k > 0 and not RE_PUNCT.match(pieces[k - 1].text):
        return
    pieces[k:] = [Token("".join(p.text for p in run), run[0].start, run[-1].end)]


@functools.lru_cache(maxsize=65536)
def _piece_profile(t: str) -> tuple[int, bool]:
    """Where to cut token *t* in two (0: nowhere), and whether it is a loose character."""
    return _split_point(t), len(t) == 1 and _loose(t)


@functools.lru_cache(maxsize=65536)
def _profile(t: str) -> tuple[str, bool, bool | None]:
    """Kind of token *t*, whether it looks proper, and whether its unit is plain: True when it
    heads nothing, None when it heads nothing unless joined to a word before it, False otherwise.
    Opening quotes and brackets are of kind "open"."""
    if t in OPEN_QUOTES or t in OPEN_PARENS:
        return "open", False, True  # may open a quoted or bracketed unit
    kind = _token_kind(t)
    if kind != "word":
        return kind, False, True
    if _head_of(t) is not None:
        return kind, _is_proper(t), False
    joinable = t in _head_tails() or (len(t) == 2 and t[1] in SPLIT_HEADS)  # 山港 of 唐 山港
    return kind, _is_proper(t), None if joinable else True


@functools.cache
def _head_tails() -> frozenset[str]:
    """Proper suffixes of heads: a token that may complete a head begun by the token before it."""
    return frozenset(h[-k:] for h in _lexicon().heads for k in range(1, len(h)))


def _loose_char(t: str, lex: _Lexicon) -> bool:
    return len(t) == 1 and _loose(t)


@functools.lru_cache(maxsize=8192)
def _loose(t: str) -> bool:
    lex = _lexicon()
    return RE_CJK.match(t) is not None and not (
        t in lex.function or t in lex.hard_stops or t in lex.place_suffixes or t in "和与及等"
    )


def _unit(tok: Token, units: list[_Unit], lex: _Lexicon) -> _Unit:
    t = tok.text
    kind = _token_kind(t)
    if kind != "word":
        return _Unit(t, tok.start, tok.end, kind)
    unit = _Unit(t, tok.start, tok.end, "word")
    prev = units[-1] if units else None
    m = _head_of(t)
    if prev is not None and prev.kind == "word":
        joined = _joined_head(prev.text, t)
        if joined is not None and prev.head is None:
            m = joined
            unit = _split_joined(unit, units, joined[0], lex)
        elif joined is not None and len(joined[0]) > len(prev.head or "") + len(t) - 1:
            # a head extended by the next token (博物馆 + 群, 大学 + 城): one unit
            units.pop()
            unit = _Unit(prev.text + t, prev.start, tok.end, "word")
            m = joined
        t = unit.text
        prev = units[-1] if units else None
        if m is None and prev is not None and len(t) == 2 and t[1] in SPLIT_HEADS:
            split = _split_initial(unit, units, lex)  # 唐 + 山港 -> 唐山 + 港
            if split is not unit:
                unit, t, m = split, split.text, (split.text, lex.heads[split.text])
                prev = units[-1]
        if m is not None and len(t) == len(m[0]) + 1:
            unit = _take_initial(unit, units, m[0], lex)  # 亦 + 庄院区
            t = unit.text
            prev = units[-1] if units else None
    if m is not None:
        unit.head, unit.htype = m
        if (
            unit.htype == "event"
            and prev is not None
            and prev.kind == "word"
            and prev.head is None
            and prev.text not in lex.hard_stops
            and prev.text not in lex.function
            and (
                (t in lex.bare_event and len(prev.text) <= 2)
                or (len(prev.text) == 1 and len(t) == 3 and _tag(prev.text) not in ("a", "v", "d"))
            )
        ):
            # an event abbreviation cut in two (进 博会, 亚残 运会)
            units.pop()
            unit = _Unit(prev.text + t, prev.start, tok.end, "word", prev.text + t, "event")
            m2 = _match_head(unit.text, lex)
            unit.head = m2[0] if m2 else t
    unit.proper = (tok.pos == "ns" and len(t) >= 2 and t not in lex.not_places) or _is_proper(t)
    return unit


SPLIT_HEADS = frozenset("港线")  # one-character heads of ports and lines that jieba glues to a name's end
# one-character heads that close coined two-character words no dictionary knows (中原农谷, 东方美谷)
COINED_HEADS = frozenset("谷")


def _coined(word: str) -> bool:
    """Is *word* a coined two-character word closed by a one-character head (农谷, 美谷)?"""
    return len(word) == 2 and word[-1] in COINED_HEADS and _tag(word) is None


def _split_initial(unit: _Unit, units: list[_Unit], lex: _Lexicon) -> _Unit:
    """A loose character and a two-character token ending in a port's or a line's head (唐 + 山港,
    嘉 + 闵线): the character and the token's first make the name (唐山, 嘉闵), the rest is the head."""
    prev = units[-1]
    name = prev.text + unit.text[0]
    entry = _dictionary().get(unit.text)
    if (
        (entry is not None and entry[0] >= 100)  # 全线 上线 底线: words of their own
        or prev.head is not None
        or not _loose_char(prev.text, lex)
        or name in _dictionary()
        or not _is_proper(name)
        or unit.text[1] not in lex.heads  # the lexicon may drop 港 or 线
    ):
        return unit
    units[-1] = _Unit(name, prev.start, unit.start + 1, "word", proper=True)
    return _Unit(unit.text[1], unit.start + 1, unit.end, "word")


def _take_initial(unit: _Unit, units: list[_Unit], head: str, lex: _Lexicon) -> _Unit:
    """A loose character and a head unit holding the rest of a name (亦 + 庄院区): the name becomes
    a unit of its own (亦庄) before the head (院区)."""
    prev = units[-1]
    name = prev.text + unit.text[0]
    if prev.head is not None or not _loose_char(prev.text, lex) or _tag(name) not in PROPER_TAGS:
        return unit
    units[-1] = _Unit(name, prev.start, unit.start + 1, "word", proper=True)
    return _Unit(unit.text[1:], unit.start + 1, unit.end, "word")


def _split_joined(unit: _Unit, units: list[_Unit], head: str, lex: _Lexicon) -> _Unit:
    """A head spread over two tokens that takes only the end of the first (示范片 区, 亦 庄院 区):
    the head becomes one unit, and what is left of the first token a unit of its own, joined to a
    loose character before it when that makes a proper name (亦庄)."""
    prev = units[-1]
    cut = len(prev.text) - (len(head) - len(unit.text))
    if cut <= 0:
        return unit  # the whole token belongs to the head (算力 网), see _head_start
    rest = _Unit(prev.text[:cut], prev.start, prev.start + cut, "word", proper=_is_proper(prev.text[:cut]))
    before = units[-2] if len(units) >= 2 else None
    if (
        cut == 1
        and before is not None
        and before.kind == "word"
        and before.head is None
        and _loose_char(before.text, lex)
        and _is_proper(before.text + rest.text)
        and not _match_head(before.text + rest.text, lex)
    ):
        units[-2:] = [_Unit(before.text + rest.text, before.start, rest.end, "word", proper=True)]
    else:
        units[-1] = rest
    return _Unit(prev.text[cut:] + unit.text, rest.end, unit.end, "word")


# --------------------------------------------------------------------------------------------
# The leftward walk


def _name_initial(units: list[_Unit], i: int, lex: _Lexicon) -> bool:
    """Does unit *i* follow a boundary (punctuation, a conjunction, a verb), so a name may start?"""
    if i == 0:
        return True
    prev = units[i - 1]
    if prev.kind in ("punct", "enum", "conj", "space", "deng"):
        return True
    return prev.kind == "word" and (prev.text in lex.hard_stops or prev.text in lex.function)


def _name_part_word(u: _Unit, lex: _Lexicon) -> bool:
    t = u.text
    return (u.kind == "quote" or u.kind == "word") and not (
        t in lex.hard_stops
        or t in lex.function
        or t in lex.programme_verbs
        or RE_QUANTITY.match(t)
        or len(t) == 1
    )


def _after_punct(units: list[_Unit], i: int) -> bool:
    return i == 0 or units[i - 1].kind in ("punct", "space", "enum")


def _quote_is_name(u: _Unit, programme: bool = False) -> bool:
    """“东数西算” names a thing; “两山” “小而美” are slogans or descriptions, though a numbered
    slogan names a programme (文旅“三百”行动)."""
    inner = u.bare
    return not ((inner[:1] in _NUM and not programme) or any(c in SLOGAN_CHARS for c in inner))


def _is_stop(units: list[_Unit], i: int, lex: _Lexicon, passed: set[int], programme: bool = False) -> bool:
    """May unit *i* not belong to a name that goes on with unit ``i + 1``?"""
    u = units[i]
    nxt = units[i + 1] if i + 1 < len(units) else None
    if u.kind == "quote":
        return False
    if u.kind == "alnum":
        if RE_NUMBER.match(u.text) and nxt is not None and nxt.kind == "word":
            if nxt.text in RATINGS and i > 0 and units[i - 1].kind == "word":
                return False  # 川渝1000千伏特高压交流工程: a rating inside a name
            # a quantity (5个 100亩), not a name part such as 1号线 or 12355热线
            return bool(
                nxt.text in lex.function or nxt.text[:1] in QUANTITY_CHARS or RE_QUANTITY.match(nxt.text)
            )
        return False
    if u.kind == "paren":
        return not (i > 0 and units[i - 1].kind in ("word", "quote", "alnum"))
    if u.kind != "word":
        return True
    t = u.text
    if u.head is not None:
        # 国家重大工程深中通道: a programme word before a proper name is its category
        return u.htype == "programme" and nxt is not None and nxt.proper and nxt.head is None
    if t in lex.function or RE_QUANTITY.match(t) or RE_ORDINAL.match(t):
        return True
    if len(t) == 4 and t[:2] in lex.hard_stops and (t[2:] in lex.hard_stops or t[2:] in lex.ambiguous):
        return True  # 加快推进 深入实施
    if t in lex.programme_verbs and not (t in lex.ambiguous and nxt is not None and nxt.head is not None):
        return True  # not 利用 of 文物保护利用示范区
    if programme and (t in lex.hard_stops or t in lex.ambiguous):
        # a programme name may hold verbs after a noun (科技金融提质增效专项行动, 企业年金扩围行动)
        # or right after the verb that launches it (实施打击非法集资专项行动), not after a comma
        # (，升级优秀…计划) nor before a proper name (建设北京廉洁工程)
        if i == 0 or (nxt is not None and nxt.proper):
            return True
        if units[i - 1].kind == "word" and units[i - 1].text in lex.programme_verbs:
            return False
        j = i - 1  # verbs in a row must follow a noun (人工智能赋能新型工业化行动, not 持续扩大…)
        while (
            j >= max(0, i - MAX_UNITS)
            and units[j].kind == "word"
            and units[j].text not in lex.programme_verbs
            and (units[j].text in lex.hard_stops or units[j].text in lex.ambiguous)
        ):
            j -= 1
        return not (j >= 0 and _name_part_word(units[j], lex))
    if t in lex.hard_stops:
        return True
    if t in lex.dependent and i > 0 and units[i - 1].head is not None:
        return True  # 丰台站配套交通枢纽: what serves a name is not named by it
    if len(t) == 1:
        if i > 0 and units[i - 1].text in ("在", "于", "赴", "来", "到"):
            return True  # 在晋全国重点实验室: a location, not part of the name
        if t in DIRECTIONS:
            # 北 of 北仑, 西 of X工程西干线, 南 of 广州南
            left = units[i - 1] if i > 0 else None
            inside = left is not None and left.kind == "word" and (left.head is not None or left.proper)
            return not (inside or _name_initial(units, i, lex))
        if _tag(t) == "a" or (programme and t not in "和与及等"):
            return _name_initial(units, i, lex)  # 新 of 国家新能源…, 补 of X补短板行动
        if t == "至":
            # 诸暨至嵊州: a route between two places
            left = units[i - 1] if i > 0 else None
            return not (left is not None and nxt is not None and (left.proper or nxt.proper))
        return not (_tag(t) in NAME_CHAR_TAGS or t in lex.place_suffixes)
    if t in lex.ambiguous:
        left = units[i - 1] if i > 0 else None
        if t == "建设" and left is not None and left.kind == "word" and left.head is not None and left.proper:
            return True  # 虹桥国际中央商务区 建设 国际贸易中心新平台: a verb between two names
        if nxt is not None and (nxt.head is not None or nxt.kind == "conj"):
            return False  # 棚户区改造项目
        # inside a name a verbal noun follows a noun (国家数字经济创新发展试验区), not a name
        # or a verb (宁波东方理工大学建设世界一流…大学, 坚定扛牢建设…)
        left = units[i - 1] if i > 0 else None
        if (i + 1) in passed and nxt is not None and nxt.text in lex.ambiguous:
            return False  # 改造提升工程: verbs in a row up to the head
        return t in lex.transitive or not (
            (i + 1) in passed
            and left is not None
            and (
                left.kind in ("quote", "alnum")
                or (left.kind == "word" and left.head is None and _name_part_word(left, lex))
            )
            and left.text not in lex.ambiguous
        )
    # an appositive: 链主企业 X物流园
    return t in lex.appositive and nxt is not None and nxt.proper


def _head_start(units: list[_Unit], h: int) -> int:
    """Index of the first unit of the head of unit *h*: the units wholly inside a head spread over
    tokens (先行 of 先行 + 区) belong to it."""
    head = units[h].head or ""
    k = h
    spare = len(head) - len(units[h].text)
    while spare > 0 and k > 0 and units[k - 1].kind == "word" and len(units[k - 1].text) <= spare:
        spare -= len(units[k - 1].text)
        k -= 1
    return k


def _walk(units: list[_Unit], h: int, lex: _Lexicon) -> int:
    """Index of the leftmost unit that may belong to the name whose head is unit *h*."""
    programme = units[h].htype == "programme"
    i = hs = _head_start(units, h)
    spread = i < h  # a head over several tokens (先导 区)
    chars = units[h].end - units[i].start
    passed: set[int] = set(range(i, h))
    i -= 1
    while i >= 0:
        u = units[i]
        if h - i > MAX_UNITS or chars + len(u.text) > MAX_CHARS:
            break
        if spread and i == hs - 1 and u.kind == "word" and u.text in lex.ambiguous:
            # 创新 应用 先导 区: a verbal noun right before a head spread over tokens is inside the
            # name, as it is before a head in one token (棚户区 改造 项目)
            passed.add(i)
            chars += len(u.text)
            i -= 1
            continue
        if u.kind == "conj":
            # 与/和 inside a name (全球地理信息知识与创新中心) joins two parts neither of which is a name
            left = units[i - 1] if i > 0 else None
            if (
                u.text in ("与", "和", "及")
                and i + 1 < h
                and left is not None
                and left.kind == "word"
                and left.head is None
                and left.text not in lex.conj_left_blockers
                and left.text[-2:] not in lex.conj_left_blockers
                and not _is_stop(units, i - 1, lex, passed | {i}, programme)
                and not _short_conjunct(units, i - 1, lex)
            ):
                passed.add(i)
                chars += len(u.text)
                i -= 1
                continue
            break
        if u.kind == "dash":
            # 中国－欧盟: a dash between two words; 中国（河南）—东盟: after a bracketed place
            left = units[i - 1] if i > 0 else None
            if (
                0 < i < h
                and left is not None
                and units[i + 1].kind == "word"
                and (
                    left.kind == "word"
                    or (left.kind == "paren" and i > 1 and _bracketed_place(units, i - 2, i + 1))
                )
            ):
                passed.add(i)
                chars += len(u.text)
                i -= 1
                if left.kind == "paren":
                    passed.add(i)
                    chars += len(left.text)
                    i -= 1
                continue
            break
        if _route_link(units, i, h, lex):
            passed.add(i)  # 攀枝花至盐源高速公路: a line between two places the dictionary mistags
            chars += len(u.text)
            i -= 1
            continue
        if _is_stop(units, i, lex, passed, programme) or _category_label(units, i, lex):
            break
        passed.add(i)
        chars += len(u.text)
        i -= 1
    return i + 1


def _route_link(units: list[_Unit], i: int, h: int, lex: _Lexicon) -> bool:
    """Is unit *i* the 至 of a route (A至B) inside the name of the line headed by *h*?"""
    if units[i].text != "至" or units[h].htype != "project" or not 0 < i < h - 1:
        return False
    return _route_pair(units[i - 1], units[i + 1], lex)


def _route_pair(left: _Unit, right: _Unit, lex: _Lexicon) -> bool:
    """Could *left* 至 *right* be a route between two places (words, not verbs or heads)?"""
    return all(
        u.kind == "word"
        and len(u.text) >= 2
        and u.head is None
        and not (u.text in lex.hard_stops or u.text in lex.function or u.text in lex.verbs)
        for u in (left, right)
    )


def _category_label(units: list[_Unit], i: int, lex: _Lexicon) -> bool:
    """Is unit *i* the head of a category label standing in apposition before a name (重点工程 |
    隆泸叙铁路), not part of the name (中部引黄工程西干线)?"""
    u = units[i]
    if u.kind != "word" or u.text not in lex.weak_heads:
        return False
    if i == 0 or units[i - 1].kind != "word":
        return True
    before = units[i - 1].text
    return before in lex.lead_generic or _is_generic(before, lex)


def _short_conjunct(units: list[_Unit], i: int, lex: _Lexicon) -> bool:
    """Is unit *i* one of up to :data:`MAX_CONJUNCTS` one-unit conjuncts in a list that stands
    after a stop (乌石 in 加快乌石、惠州油田…)?"""
    for _ in range(MAX_CONJUNCTS):
        if i < 0:
            return False
        u = units[i]
        if u.kind != "word" or len(u.text) > 2 or u.head is not None or u.text in lex.hard_stops:
            return False
        if _is_generic(u.text, lex) or u.text in lex.not_places or u.text in lex.ambiguous:
            return False
        if u.text in lex.function and u.text not in DIRECTIONS:
            return False
        if i == 0:
            return True
        prev = units[i - 1]
        if prev.kind not in ("enum", "conj"):
            return prev.kind in ("punct", "space") or (prev.kind == "word" and prev.text in lex.hard_stops)
        if prev.kind == "conj" and i >= 2 and _closes_name(units[i - 2]):
            return True  # 武宿机场三期和临汾、运城机场改扩建: 和 after a whole name opens the list
        i -= 2
    return False


def _closes_name(u: _Unit) -> bool:
    """Does unit *u* end a name: its head, or a phase after it (武宿机场三期)?"""
    return u.kind == "word" and (u.head is not None or RE_PHASE.match(u.text) is not None)


def _trim(units: list[_Unit], first: int, h: int, lex: _Lexicon) -> int:
    """Skip leading determiners, generic leads (重点 一批), verbs and ordinals (第二条).

    A programme keeps its verbs (打击非法集资专项行动) and loses only the verb launching it."""
    programme = units[h].htype == "programme"
    verbs = lex.programme_verbs if programme else lex.verbs
    while first < h:
        u = units[first]
        t = u.text
        if (
            first + 2 <= h
            and units[first + 1].text == "至"
            and (units[first + 2].proper or units[h].htype == "project")
            and _route_pair(u, units[first + 2], lex)
        ):
            break  # 久治 of 久治至马尔康: the start of a route, whatever its tag
        if u.kind in ("conj", "dash", "paren", "enum"):
            first += 1
        elif u.kind == "word" and t in lex.weak_heads and not programme:
            first += 1  # 重点工程隆泸叙铁路: a bare category head in apposition before the name
        elif _plural(units, first, lex) and u.kind == "alnum" and first + 1 < h:
            first += 2  # 42 宗 大中型灌区: a count, not part of the name
        elif (
            u.kind == "word" and first > 0 and RE_NUMBER.match(units[first - 1].text) and RE_MEASURE.match(t)
        ):
            first += 1  # 1000 千伏 特高压交流工程: the unit of a number, not part of the name
        elif u.kind != "word" or u.head is not None or u.proper:
            break
        elif t in lex.lead_generic or t in verbs or t in lex.function:
            first += 1
        elif RE_NUMBERED.match(t):
            break
        elif programme and first + 2 < h and RE_PROGRAMME_AMOUNT.match(t + units[first + 1].text):
            break  # 千亿斤粮食产能提升行动, 千万亩高标准农田改造提升行动: an amount in the name
        elif RE_ORDINAL.match(t) or RE_QUANTITY.match(t) or (len(t) == 1 and _tag(t) not in NAME_CHAR_TAGS):
            first += 1
        elif not programme and _tag(t) in TRIM_TAGS and (first + 1 == h or not _after_punct(units, first)):
            first += 1  # 狠抓项目, 坚定扛牢建设…: a verb, not a noun-like verb opening a clause
        elif (
            not programme
            and _tag(t) == "v"
            and first + 1 < h
            and units[first + 1].kind == "word"
            and (units[first + 1].text in lex.ambiguous or units[first + 1].text in verbs)
        ):
            first += 1  # 加力建设自贸试验区: a verb before the verb of the clause
        else:
            break
    return first


# --------------------------------------------------------------------------------------------
# Candidates


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    name: str
    type: str
    expanded: bool = False
    first: int = -1  # index of the first unit
    last: int = -1  # index of the head unit


def _name_of(units: list[_Unit], first: int, last: int) -> str:
    return "".join(u.bare for u in units[first : last + 1])


def _type_of(name: str, htype: str) -> str:
    if name.endswith("项目"):
        return "project"
    if htype == "programme" and name.endswith("工程"):
        body = name[:-2]
        if any(h in body for h in ("园区", "枢纽", "水利", "公路", "铁路", "特高压", "电站", "干线", "机场")):
            return "project"
        if RE_PHASE_END.search(body):
            return "project"  # 南水北调东线一期工程: a phase of a work
    if htype == "facility" and name.endswith("基地"):
        return "platform" if "中试" in name or "平台" in name else "facility"
    return htype


def _specific_alnum(units: list[_Unit], k: int) -> bool:
    """G60, 12355 and 1 of 1号线 are name parts; 5G alone is a technology."""
    u = units[k]
    nxt = units[k + 1] if k + 1 < len(units) else None
    return len(u.text) >= 3 or (nxt is not None and nxt.text[:1] in "号期")


FESTIVAL_ENDINGS = ("节", "博览会", "交易会", "运动会")


def _specific(units: list[_Unit], first: int, h: int, lex: _Lexicon) -> bool:
    """Is the name units[first..h] a name rather than a category (现代农业产业园)?"""
    head = units[h]
    mods = [k for k in range(first, _head_start(units, h)) if units[k].kind not in ("conj", "dash", "paren")]
    prefix = head.prefix
    words = [units[k].bare for k in mods] + ([prefix] if prefix else [])
    if not words or any(w.endswith("类") and len(w) >= 2 for w in words):
        return False  # 理工农医类大学: a category
    if any(w.endswith("型") for w in words) and all(w.endswith("型") or _is_generic(w, lex) for w in words):
        return False  # 研究型大学, 高水平研究型医院: a type
    if _coined(head.text):
        return True  # 东方美谷, 中原农谷: a coined word is the park's own name
    for k in mods:
        u = units[k]
        if (
            (u.kind == "quote" and _quote_is_name(u, head.htype == "programme"))
            or u.proper
            or (u.kind == "alnum" and _specific_alnum(units, k))
        ):
            return True
        if u.kind == "word" and RE_NUMBERED.match(u.text):
            return True
    if prefix and _is_proper(prefix):
        return True
    if words[0] in lex.national and len(words) >= 2:
        return True
    if head.htype == "event" and words[0] in lex.national and (head.head or "").endswith(FESTIVAL_ENDINGS):
        return True  # 中国艺术节, 国际电影节: the country's or the city's one festival
    if _bracketed_place(units, first, h):
        return True  # 中国（绵阳）科技城: the place in brackets names the one
    if head.head in lex.strict_heads:
        # 园 站 港 need a proper modifier; a road or a line with its extension (X路东延) may have an
        # unknown name the segmenter cut up
        if any(_toponym_word(units[k].text) for k in mods):
            return True  # 北京国际非遗周: a well-known toponym
        category = any(  # 轨道交通 地铁: a transport category word before the line's own name
            units[k].htype == "project" and units[k].text == units[k].head and units[k].head != head.head
            for k in mods
        )
        if category and any(
            units[k].kind == "word"
            and units[k].head is None
            and len(units[k].text) >= 2
            and not _is_generic(units[k].text, lex)
            for k in mods
        ):
            return True  # 轨道交通X线: a line named after its category
        body = "".join(words)
        return _extension_end(units, h) > h and 2 <= len(body) <= 5 and _is_proper(body)
    quotes = {
        units[k].bare
        for k in mods
        if units[k].kind == "quote" and not _quote_is_name(units[k], head.htype == "programme")
    }
    verbs = lex.verbs if len(words) == 1 else lex.hard_stops  # 提升工程
    content = [
        w
        for w in words
        if not (
            _is_generic(w, lex)
            or w in quotes
            or w in lex.national
            or w in verbs
            or (len(words) == 1 and RE_DURATION.match(w))
        )
        and len(w) >= 2
    ]  # 三年行动计划: a duration alone is no content
    if content and _generic_words("".join(words)):
        return False  # 高耗能高排放项目 (高耗能 / 高 / 排放): a category however the words are cut
    if (
        head.head in lex.weak_heads
        and len(content) == 1
        and len(words) == 1
        and _is_common(content[0])
        and _tag(content[0]) != "m"
    ):
        return False  # 储备项目 备案项目: one common word before a weak head
    if len(head.head or "") < 2:
        return len(content) >= 2
    return bool(content)


def _toponym_word(word: str) -> bool:
    """Is *word* a frequent toponym of the dictionary (北京, 上海), which :func:`_is_proper` leaves
    out with the other frequent words?"""
    entry = _dictionary().get(word)
    return entry is not None and entry[1] == "ns" and entry[0] >= 5000 and word not in _lexicon().not_places


def _rare_noun(word: str, lex: _Lexicon) -> bool:
    """Is *word* a proper or rare noun (平谷 中轴线), as places often are, not a type (陆港型)?"""
    if len(word) < 2 or word[-1] in "型类式" or _is_generic(word, lex) or word in lex.verbs:
        return False
    entry = _dictionary().get(word)
    return entry is None or entry[1] in PROPER_TAGS or (entry[1] == "n" and entry[0] < 100)


def _is_common(word: str) -> bool:
    """Is *word* a common word of the dictionary (not a proper name)?"""
    tag = _tag(word)
    return tag is not None and tag not in PROPER_TAGS


def _is_common_word(name: str) -> bool:
    """Is the whole name a common word of the dictionaries (老旧小区, 自贸试验区), not a policy term
    that holds a toponym?"""
    if name in _policy_terms():
        return not _has_proper_piece(name)
    entry = _dictionary().get(name)
    return entry is not None and entry[1] not in PROPER_TAGS


@functools.lru_cache(maxsize=65536)
def _has_proper_piece(word: str) -> bool:
    """Does the dictionary segmentation of *word* hold a proper word (a toponym, a brand)?"""
    words = _dictionary()
    i = 0
    while i < len(word):
        for j in range(min(len(word), i + 6), i, -1):
            if j - i == 1 or word[i:j] in words:
                if j - i >= 2 and _is_proper(word[i:j]):
                    return True
                i = j
                break
    return False


def _plural(units: list[_Unit], k: int, lex: _Lexicon) -> bool:
    u = units[k]
    if u.kind == "word" and u.text in ("左右", "以上", "多") and k > 0:
        return _plural(units, k - 1, lex)  # 5个左右: still a count
    if u.kind == "alnum" and k + 1 < len(units):
        return RE_NUMBER.match(u.text) is not None and units[k + 1].text[:1] in PLURAL_CHARS
    if u.kind != "word":
        return False
    if u.text in lex.plural or (RE_QUANTITY.match(u.text) and not u.text.endswith("是")):
        return True
    return u.text[:1] in PLURAL_CHARS and k > 0 and units[k - 1].kind == "alnum"


def _count_after(units: list[_Unit], k: int) -> bool:
    """Is unit *k* a count (1000座, 7万个) of the things named before it?"""
    m = RE_COUNT.match(units[k].text) if k + 1 < len(units) else None
    return m is not None and (m.group(1) or units[k + 1].text.lstrip("万亿千百"))[:1] in PLURAL_CHARS


# verbs between a list of categories and their count (分别增加2个, 增至222项, 数量新增76家)
COUNT_VERBS = frozenset(
    [
        "分别",
        "增加",
        "新增",
        "增至",
        "达到",
        "达",
        "超过",
        "突破",
        "累计",
        "数量",
        "共",
        "总数",
        "增加到",
        "提高到",
        "已达",
        "均",
        "新建",
        "建成",
    ]
)


def _known_name(units: list[_Unit], first: int, h: int) -> bool:
    """Does the name units[first..h] hold what makes one thing of it: a dictionary proper word
    (a toponym, a firm), a quoted name, digits or a phase?  An unknown word (超充) is not enough
    against a count (超充站1000座)."""
    head = units[h]
    for k in range(first, h):
        u = units[k]
        if (
            (u.proper and (_tag(u.text) in PROPER_TAGS or _toponym_word(u.text)))
            or (u.kind == "quote" and _quote_is_name(u))
            or RE_NUMBERED.match(u.text)
            or (u.kind == "alnum" and _specific_alnum(units, k))
        ):
            return True
    prefix = head.prefix
    return bool(prefix) and (prefix.isdigit() or _toponym_word(prefix))


def _counted_in_clause(units: list[_Unit], k: int) -> bool:
    """Does the clause from unit *k* to the next comma or stop count things (增至222项, 、…分别
    增加2个, 14个)?  Then the names before it are categories."""
    between = k  # where the words between the list and the count begin
    listed = False  # 老岚水库等水源型水库58座: a 等 list's own count
    for i in range(k, min(len(units), k + 40)):  # bounded: linear in a text without stops
        u = units[i]
        if u.kind == "punct":
            return False
        if u.kind == "deng":
            listed = True
        if u.kind in ("enum", "deng") or u.head is not None:
            between = i + 1
            continue
        if (
            u.kind == "word" and u.text not in COUNT_VERBS and not RE_COUNT.match(u.text)
        ) or u.kind == "conj":
            between = -1  # 示范区承接…成果不少于300项, 治理工程和40宗堤防: the count is of something else
        if (u.kind == "alnum" or (u.kind == "word" and RE_COUNT.match(u.text))) and _count_after(units, i):
            if between < 0:
                return False
            # 等19家企业, 、大桥灌区6个工程: the list's own count, its members are names
            after = [x for x in units[i + 1 : i + 4] if x.kind == "word"]
            return not listed and not any(x.head is not None for x in after[1:] or after[:1])
    return False


def _negated(units: list[_Unit], walked: int, lex: _Lexicon) -> bool:
    """不搞面子工程: a name under a negation is no project."""
    for k in (walked - 1, walked - 2):
        if (
            k >= 0
            and units[k].kind == "word"
            and (units[k].text in lex.negations or units[k].text[:1] == "不")
        ):
            return True
    return False


def _accept(units: list[_Unit], walked: int, first: int, h: int, lex: _Lexicon) -> bool:
    head = units[h]
    span = "".join(units[k].bare for k in range(walked, h + 1))
    levelled = any(
        units[k].kind == "word" and units[k].text.endswith("级") and units[k].text not in lex.not_levels
        for k in range(walked, h)
    ) or any(
        units[k].text in ("省", "市") and not units[k - 1].proper for k in range(walked + 1, h)
    )  # 省级…示范区, 中医药省实验室: a category
    # a level after a proper name is part of one thing: 宿连三级航道, 成渝世界级机场群
    placed_level = (
        walked < h
        and units[walked].proper
        and not RE_LEVEL.search(units[walked].bare)
        and not (walked > 0 and units[walked - 1].kind == "word" and len(units[walked - 1].text) == 1)
    )  # (新 建国 省级: a verb cut apart, not a place)
    # 省融资信用服务平台: the province's one platform, named by what it does at length
    own_platform = (
        head.htype == "platform"
        and (head.head or "").endswith("平台")
        and len(span) - 1 >= 8
        and not (walked > 0 and _plural(units, walked - 1, lex))
    )
    if ((levelled or RE_LEVEL.search(span)) and not placed_level) or (
        walked < h
        and units[walked].text in ("省", "市", "县", "区")
        and head.htype != "event"
        and not own_platform
    ):
        return False  # 国家级零碳园区, 省技术创新中心: a category
    last = _extension_end(units, h)  # a phase closes the name (京雄高速二期主体)
    k = last + 1
    while k < len(units) and k - h <= 3 and units[k].kind == "word" and units[k].text in lex.ambiguous:
        k += 1
    nxt = units[k] if k < len(units) else None
    # 第十八届市运会, 第九届进博会: an edition makes one event of it, whatever follows
    before_text = "".join(u.text for u in units[max(0, walked - 2) : walked] if u.kind == "word")
    edition = head.htype == "event" and (
        RE_ORDINAL_BEFORE.search(before_text) is not None  # 第九届, 第九 届
        or (
            units[first].kind == "alnum" and RE_YEAR.fullmatch(units[first].text) is not None
        )  # 2024中国—东盟周
    )
    hosted = (  # 举办/办好 an event: it is one event, however plainly named
        head.htype == "event"
        and not (head.head or "").endswith("会议")
        and walked > 0
        and (
            units[walked - 1].text in lex.hosting_verbs
            or "".join(u.text for u in units[max(0, walked - 2) : walked]) in lex.hosting_verbs  # 办 好
        )
    )
    if (
        last == h
        and not edition
        and nxt is not None
        and nxt.kind == "word"
        and nxt.text in lex.not_after_head
        and not (
            nxt.text in lex.dependents_after_name
            and (
                _proper_name(units, first, h)
                or RE_PHASE.match(head.prefix) is not None
                or (h > first and RE_PHASE.match(units[h - 1].text) is not None)
                or (
                    nxt.text in PREPARATORY
                    and head.htype in ("project", "programme")
                    and _specific(units, first, h, lex)
                )
            )
        )  # 京广铁路沿线, 天府国际机场二期工程前期工作, 长征渠引水工程前期工作: what depends on a named
        # thing or its phase; the preparatory work of a project that is no category
        and not _main_works_after(units, h)
    ):
        return False  # the head word modifies what follows (总部经济, 中心城市, 枢纽…支持城市)
    if (
        last == h
        and nxt is not None
        and nxt.text in lex.attributes
        and head.htype != "event"
        and units[first].text not in lex.national
        and not any(u.proper or u.kind == "quote" or _toponym_word(u.text) for u in units[first:h])
    ):
        return False  # 国际交往中心功能: the function of a position; 北京X交易所功能 is named
    if k > last + 1 and nxt is not None and nxt.kind == "conj":
        return False  # 公立医院改革与高质量发展: the head word is the object of a verbal noun
    if (
        last == h
        and head.htype != "event"
        and _count_after(units, h + 1)
        and not _known_name(units, first, h)
    ):
        return False  # 建成电动汽车超充站1000座: a count of a category
    if head.htype != "event" and _counted_in_clause(units, last + 1) and not _known_name(units, first, h):
        return False  # 国家技术创新中心、…分别增加2个; 在建高品质住宅项目达383个: a counted category
    before = [units[k] for k in (walked - 1, walked - 2) if k >= 0]
    if before and (
        before[0].kind == "deng"
        or (len(before) > 1 and len(before[0].text) == 1 and before[1].kind == "deng")
    ):
        return False  # 风电、光伏等新能源项目: the words after 等 name the category
    numbered = any(
        (u.kind == "quote" and _quote_is_name(u)) or RE_NUMBERED.match(u.text) for u in units[first:h]
    )
    if head.htype != "programme" and walked > 0 and _plural(units, walked - 1, lex) and not numbered:
        return False  # 创建一批未来产业先导区, 新建2个X项目: a category (not 两条1号线)
    named = (
        numbered
        or any(u.proper for u in units[first:h])
        or any(units[k].kind == "alnum" and _specific_alnum(units, k) for k in range(first, h))  # 12356
    )
    if walked > 0 and units[walked - 1].text == "的" and not named:
        return False  # 特色鲜明的X集聚区: a description
    quoted = any(u.kind == "quote" for u in units[first:h])
    if head.prefix in lex.lead_generic and not (
        numbered or quoted or any(u.proper and _tag(u.text) != "nz" for u in units[first:h])
    ):
        return False  # 集成电路重大项目: a category of projects (a field, not a place or a firm)
    if head.head in lex.positioning_heads:
        marker = next((k for k in range(first, h) if _position_marker(units[k].text, lex)), None)
        # 国际科技创新中心, 全国文化中心: the position of a city, not a facility; but a centre named
        # with its region in brackets is one institution (上海（长三角）国际科技创新中心)
        if (
            marker is not None
            and all(
                u.kind == "word" and (_is_generic(u.text, lex) or u.text in lex.position_fields)
                for u in units[marker + 1 : _head_start(units, h)]
            )
            # the head's own prefix counts too (医学 of 医学中心: 济南国际医学中心 is a facility)
            and (not head.prefix or _is_generic(head.prefix, lex) or head.prefix in lex.position_fields)
            and not _bracketed_place(units, first, h)
        ):
            return False
        if first == h and _position_marker(head.prefix, lex):
            return False  # 国际贸易中心 as one token
    name = _name_of(units, first, h)
    if RE_BARE_PHASE.match(name):
        return False  # 二期项目: a phase of a project the sentence named before
    if (_is_common_word(canonical_name(name)) and not (edition or (hosted and len(name) >= 5))) or any(
        w in name for w in lex.designation
    ):
        return False  # a common word; a position such as 国家重要能源原材料基地
    if head.htype == "event" and any(x in name for x in lex.event_exclude):
        return False
    if _negated(units, walked, lex) or any(u.kind == "word" and u.text[:1] == "不" for u in units[first:h]):
        return False
    mods = units[first:h]
    placed = (
        h - first >= 2
        and units[first + 1].text in lex.national
        and units[first].kind == "word"
        and _rare_noun(units[first].text, lex)
    )  # 平谷国家农业高新技术产业示范区: a place before a national designation
    international = units[first].text in lex.international and h - first >= 2  # 国际氢能示范区
    if (
        RE_DESIGNATION.search(name)
        and not (placed or international or any(u.proper or u.kind == "quote" for u in mods))
        and (
            not name.endswith("示范区") or name.startswith("国家") or _seeks_designation(units, walked, first)
        )
    ):
        return False  # 国家绿色低碳先进技术示范项目, (创建)国家X示范区: a designation, not a zone
    if (
        head.htype in ("facility", "platform", "park", "zone")
        and units[first].text.startswith(CATEGORY_LEADS)  # 社区卫生 as one token
        and not any(
            u.proper or u.kind == "quote" or _marked(units, k) for k, u in enumerate(units[first:h], first)
        )
    ):
        return False  # 社区卫生服务中心, 区域应急救援基地, 市县水网: a kind of facility found everywhere
    joined = [k for k in range(first, h) if units[k].text == "和" and units[k].kind == "conj"]
    if joined and not any(u.proper or u.kind == "quote" for u in units[first : joined[0]]):
        return False  # 特色装备和先进制造基地: two categories, unless a name leads
    if first == h:
        # a one-unit name: an event abbreviation (高交会) or a proper word with its head (天府新区)
        if head.htype == "event" and len(head.text) >= 3 and head.text.endswith(lex.bare_event):
            return True
        if head.htype == "event" and first > 0 and RE_ORDINAL_BEFORE.search(units[first - 1].text):
            return True  # 第十五届全国运动会: an edition names the one event
        if hosted and len(name) >= 5:
            return True  # 成功举办世界园艺博览会 (one token)
        if (
            head.prefix.isdigit()
            and (head.head or "").startswith("号")
            and (len(head.prefix) >= 2 or last > h)
        ):
            return True  # 12号线, 3号线一期 as one token
        if len(head.head or "") >= 3 and _rare_noun(head.prefix, lex):
            return True  # 良乡大学城 as one token
        return len(head.prefix) >= 2 and (_is_proper(head.prefix) or _has_proper_piece(head.prefix))
    if len(name) < len(head.head or "") + (0 if last > h else 2):
        return False
    if hosted and len(name) >= 6:
        return True  # 办好文旅产业高质量发展大会: an event held is one event, however plainly named
    if (
        head.htype == "event"
        and len(name) >= 6
        and not (head.head or "").endswith("会议")
        and (
            (walked > 0 and units[walked - 1].kind == "enum")
            or (last + 1 < len(units) and units[last + 1].kind == "enum")
        )
    ):
        return True  # 儒商大会、绿色低碳高质量发展大会、…: an event listed among events
    return _specific(units, first, h, lex)


def _position_marker(word: str, lex: _Lexicon) -> bool:
    """国际, or one token of 国际 and a function (国际航运, 国际贸易): what opens a city's position."""
    if word in lex.positioning_markers:
        return True
    rest = word[2:]
    return (
        word[:2] in lex.positioning_markers
        and bool(rest)
        and (rest in lex.position_fields or _is_generic(rest, lex))
    )


def _bracketed_place(units: list[_Unit], first: int, h: int) -> bool:
    """Is there a place in brackets right after the first word of the name (中国（四川）,
    北京（京津冀）, 乡村振兴（太谷）, whose 太谷 the dictionary knows as a rare noun)?"""
    return (
        first + 1 < h
        and units[first + 1].kind == "paren"
        and units[first].kind == "word"
        and (_is_proper(inner := units[first + 1].bare[1:-1]) or _rare_noun(inner, _lexicon()))
    )


def _proper_name(units: list[_Unit], first: int, h: int) -> bool:
    """Does the name units[first..h] hold a proper part (中老班列, 京广铁路, 12356心理援助热线)?
    Then a following 沿线 or 运营水平 depends on the named thing, not on a category."""
    head = units[h]
    if head.htype not in ("project", "facility", "platform", "park", "zone"):
        return False  # 上海会议活动, X大学工作: an event's or an organisation's doings
    if first == h:
        return len(head.prefix) >= 2 and (_is_proper(head.prefix) or _has_proper_piece(head.prefix))
    for k in range(first, h):
        u = units[k]
        if _marked(units, k):
            return True
        # a word opening a clause that is unknown or a person's name is as likely a verb (建强,
        # 拓宽 tagged nr) as a name
        if u.proper and (
            _tag(u.text) in ("ns", "nt", "nz", "j")
            or (k > 0 and units[k - 1].kind == "word")
            or _bilateral(u.text)
        ):
            return True
    return bool(head.prefix and _is_proper(head.prefix))


def _seeks_designation(units: list[_Unit], walked: int, first: int) -> bool:
    """Is the name governed by a verb that applies for or confers a designation (创建, 命名为)?
    Then it names a kind of place, not one zone (13个县被命名为国家生态文明建设示范区)."""
    verbs = _lexicon().designation_verbs
    return any(units[k].text in verbs for k in range(max(0, walked - 2), first))


def _extension_end(units: list[_Unit], h: int) -> int:
    """Index of the last unit of the extensions and phases after the head *h* (南延 一期, 西 延伸),
    or of a bracketed section or partner right after it (渝昆高铁（渝宜段）, 中欧班列（成渝）)."""
    k = h
    n = len(units)
    if h + 1 < n and units[h + 1].kind == "paren" and _section_note(units[h + 1].bare[1:-1]):
        return h + 1
    line = units[h].htype == "project"
    if line and (section := _section_end(units, h)) is not None:
        return _rebuilding_end(units, section)
    while k + 1 < n and k - h < 3 and units[k + 1].kind == "word":
        t = units[k + 1].text
        if RE_EXTENSION.match(t):
            k += 1
        elif t in COMPASS and k + 2 < n and RE_EXTENSION_TAIL.match(units[k + 2].text):
            k += 2
        elif t in REBUILDING and k + 2 < n and RE_PHASE.match(units[k + 2].text):
            k += 2  # 罗泾港区改造二期: the rebuilding's phase
        else:
            break
    if line and k > h and (section := _section_end(units, k)) is not None:
        k = section  # 沪通铁路二期上海段
    return _rebuilding_end(units, k) if line else k


def _rebuilding_end(units: list[_Unit], k: int) -> int:
    """Index of the end of a rebuilding right after the line or work ending at unit *k*
    (成渝铁路成隆段扩能改造, 成渝高速扩容, 位山灌区现代化改造): the rebuilding is the project."""
    nxt = [u.text if u.kind == "word" else "" for u in units[k + 1 : k + 3]]
    if not nxt:
        return k
    if nxt[0] in WIDENING or nxt[0] == "现代化":
        if nxt[1:] == ["改造"]:
            return k + 2  # 扩容 改造, 现代化 改造
        return k if nxt[0] == "现代化" else k + 1
    return k + 1 if nxt[0] in REBUILDING else k


def _section_end(units: list[_Unit], k: int) -> int | None:
    """Index of the end of a section of a line right after unit *k* (雄商高铁河南段, 京港高铁阜阳至
    黄冈段), or None."""
    w = [u.text if u.kind == "word" else "" for u in units[k + 1 : k + 5]]
    if len(w) >= 2 and w[1] == "段" and _section_place(w[0]):
        return k + 2
    if len(w) >= 4 and w[1] == "至" and w[3] == "段" and _section_place(w[0]) and _section_place(w[2]):
        return k + 4
    if w and len(w[0]) >= 3 and w[0].endswith("段") and _section_place(w[0][:-1]):
        return k + 1  # 上海段 as one token
    # 镇江 关至 黄胜关 段: a route section the segmenter cut elsewhere than at 至
    text = ""
    for j, u in enumerate(units[k + 1 : k + 7], k + 1):
        if u.kind != "word":
            break
        text += u.text
        if RE_ROUTE_SECTION.fullmatch(text):
            return j
        if len(text) > 12:
            break
    if (
        len(w) >= 2
        and len(w[0]) == 1
        and len(w[1]) >= 2
        and w[1].endswith("段")
        and _section_place(w[0] + w[1][:-1])
    ):
        return k + 2  # 成 隆段 (pkuseg)
    return None


def _section_place(t: str) -> bool:
    return len(t) >= 2 and (_tag(t) == "ns" or _is_proper(t))


@functools.lru_cache(maxsize=4096)
def _section_note(inner: str) -> bool:
    """Does a bracket after a head name a section of it (四川段, 遂内段) or the places it links (成渝)?"""
    if RE_CLASS.fullmatch(inner):
        return True  # 保税物流中心（B型）, 国家医学中心（中医类）: the class of the facility
    if not 2 <= len(inner) <= 8 or not RE_CJK.match(inner):
        return False
    return (inner.endswith("段") and RE_CJK.fullmatch(inner) is not None) or (
        len(inner) <= 4 and (_tag(inner) in PROPER_TAGS or _is_proper(inner))  # 成渝 is tagged nr
    )


def _extend_left(text: str, start: int, htype: str) -> int:
    """Event names keep their ordinal or year (第十八届省运会, 2020年奥运会)."""
    if htype != "event":
        return start
    before = text[max(0, start - 8) : start]
    m = RE_ORDINAL_BEFORE.search(before) or RE_YEAR_BEFORE.search(before)
    return start - len(m.group()) if m else start


def _sentence_candidates(text: str, units: list[_Unit], lex: _Lexicon) -> list[_Cand]:
    cands: list[_Cand] = []
    by_head: dict[int, _Cand] = {}
    n = len(units)
    for h in range(n):
        u = units[h]
        if u.head is None or u.kind != "word":
            continue
        if h + 1 < n and units[h + 1].kind == "word" and units[h + 1].text in lex.brand_tails:
            continue
        if (
            h >= 2
            and units[h - 1].kind == "quote"
            and units[h - 2].kind == "quote"
            and _series_initial(units, h - 2, lex)
        ):
            continue  # see _quoted_series
        if _main_works(units, h):
            continue  # 双堠水库主体工程: the main works of the named reservoir, which is the name
        walked = _walk(units, h, lex)
        first = _trim(units, walked, h, lex)
        if first == h:
            # a bare head after a conjunct sharing its prefix (北京冬奥会和冬残奥会)
            shared = _shared_prefix(text, units, h, by_head)
            if shared is not None:
                cands.append(shared)
                by_head[h] = shared
                continue
        if not _accept(units, walked, first, h, lex):
            # the heads inside a rejected name are its modifiers (入选国家公立医院改革与…示范项目)
            while first < h and cands and cands[-1].start >= units[first].start:
                cands.pop()
            continue
        start = _extend_left(text, units[first].start, u.htype or "")
        last = _extension_end(units, h)
        end = units[last].end
        if first == h - 1 and units[first].kind == "quote" and u.text in QUOTED_PLATFORM_HEADS:
            last, end = first, units[first].end  # “四川省科创通”平台: the platform's name is quoted
        name = canonical_name(text[start:end])
        kind = _type_of(name, u.htype or "")
        if kind == "programme" and last + 1 < n and units[last + 1].text in PREPARATORY:
            kind = "project"  # 长征渠引水工程前期工作: works prepared for are a construction project
        cand = _Cand(start, end, name, kind, first=first, last=h)
        cands.append(cand)
        by_head[h] = cand
        cands.extend(_shared_tail(units, first, h, cand, lex))
    # a member given the shared head (乌拉哈达水库) is not also named bare by the 等 after the list
    tails = {c.start for c in cands if c.expanded}
    cands.extend(c for c in _distributed(text, units, lex) if c.start not in tails)
    cands.extend(_listed_projects(units, lex))
    cands.extend(_quoted_brands(units, lex))
    cands.extend(_quoted_services(units))
    cands.extend(_quoted_series(units, lex))
    cands.extend(_designated_sites(text, units, lex))
    cands.extend(_completed_works(text, units, lex))
    return cands


# a head after a quoted name that says what the name is rather than being part of it
QUOTED_PLATFORM_HEADS = frozenset(("平台",))
SITE_VERBS = frozenset(("入选", "获评", "晋级", "恢复", "成为"))
# what a site is listed as: a scenic area, a resort, a heritage site, a find, a model
SITE_CATEGORIES = ("景区", "度假区", "度假地", "目的地", "遗产", "名录", "考古新发现", "旅游乡村", "示范项目")
MAX_SUBJECT_UNITS = 6


def _designated_sites(text: str, units: list[_Unit], lex: _Lexicon) -> list[_Cand]:
    """The subjects of a clause listing them as sites (晋祠天龙山晋级5A级景区, 通济堰、湔江堰入选世界
    灌溉工程遗产名录, 海阳核能供暖入选国家首批绿色低碳示范项目): names with no head, each named by a
    proper word and what follows it."""
    out: list[_Cand] = []
    for v, u in enumerate(units):
        if u.kind != "word" or u.text not in SITE_VERBS or v == 0:
            continue
        j, tail = v + 1, ""
        while j < len(units) and units[j].kind not in ("punct", "enum", "space") and j - v <= 10:
            tail += units[j].bare
            j += 1
        if not any(c in tail for c in SITE_CATEGORIES):
            continue
        kind = "project" if "示范项目" in tail else "park"
        spans: list[tuple[int, int]] = []
        end = v
        while len(spans) < MAX_CONJUNCTS:
            k = end - 1
            while k >= 0 and units[k].kind in ("word", "quote", "paren") and end - k <= MAX_SUBJECT_UNITS:
                k -= 1
            if k >= 0 and units[k].kind not in ("punct", "enum", "space"):
                spans = []
                break  # not the whole subject of the clause (神农等实验室, 连续6年)
            spans.append((k + 1, end - 1))
            if k < 0 or units[k].kind != "enum":
                break
            end = k
        for a, b in spans:
            if a <= b and _site_name(units, a, b, lex):
                name = canonical_name(text[units[a].start : units[b].end])
                if 3 <= len(name) <= 10:
                    out.append(
                        _Cand(
                            units[a].start,
                            units[b].end,
                            name,
                            "place" if name[-1] in "村镇乡" else kind,
                            False,
                            a,
                            b,
                        )
                    )
    return out


def _site_name(units: list[_Unit], a: int, b: int, lex: _Lexicon) -> bool:
    """Could units a..b, the subject of a listing, name a site: no head, count or verb in it, a
    proper word at its start, not a bare place or a common word?"""
    span = units[a : b + 1]
    if any(
        w.head is not None
        or w.kind == "paren"
        or (
            w.kind == "word"
            and (w.text in lex.hard_stops or w.text in lex.function or RE_QUANTITY.match(w.text))
        )
        for w in span
    ):
        return False  # a name with a head is found by it; a count (4个设区市) is no name
    if not any(w.proper or _toponym_word(w.text) or w.kind == "quote" for w in span[:2]):
        return False
    if all(w.kind == "word" and (_tag(w.text) == "ns" or _toponym_word(w.text)) for w in span):
        return False  # 龙岩入选…: a place
    last = span[-1]
    return not (
        last.kind == "word"
        and (_is_generic(last.text, lex) or (len(span) == 1 and _is_common_word(last.text)))
    )


# a clause's whole predicate saying that the works it is about were completed or opened, and
# the type of a subject with no head it gives (方厅水院建成启用, 厂通路建成通车)
COMPLETIONS = {
    "建成投用": "facility",
    "建成投运": "facility",
    "建成运营": "facility",
    "建成启用": "facility",
    "建成开放": "facility",
    "投入使用": "facility",
    "投用": "facility",
    "启用": "facility",
    "开馆": "facility",
    "建成通车": "project",
    "全线通车": "project",
    "全线贯通": "project",
    "挂牌运营": "platform",
    "挂牌成立": "platform",
    "上线运行": "platform",
    "获批建设": "facility",
    "建成": "facility",
}
COMPLETION_ADVERBS = ("顺利", "正式", "全面", "基本", "相继", "先后", "陆续", "率先")
MEASURE_CHARS = frozenset("万亿千百个座套亩米公里吨元户家所条项台辆场件次余多")
RE_COUNTED = re.compile(rf"\d[\d.]*[{''.join(sorted(MEASURE_CHARS))}]")  # 1.6万场, 50余场
# a verb opening a clause whose object, to the clause's end, is the works completed or opened
# (建成白龙港三期污水处理设施, 开通运营青岛国际通信业务出入口局)
OPENING_VERBS = {
    "建成": "facility",
    "建成运营": "facility",
    "建成投用": "facility",
    "建成投运": "facility",
    "建成开放": "facility",
    "上线运行": "platform",
    "开通运营": "facility",
    "启用": "facility",
    "举办": "event",
    "办好": "event",
}
MAX_WORKS_UNITS = 8


def _completed_works(text: str, units: list[_Unit], lex: _Lexicon) -> list[_Cand]:
    """Names that are a whole clause's subject before a completion (省妇女儿童中心建成投用) or a whole
    clause's object after a verb of opening (开通运营青岛国际通信业务出入口局)."""
    out: list[_Cand] = []
    n = len(units)

    def boundary(k: int) -> bool:
        return k < 0 or k >= n or units[k].kind in ("punct", "space")

    def words(a: int, b: int) -> str:
        return "".join(u.text for u in units[a:b] if u.kind == "word")

    spans: list[tuple[int, int, str]] = []
    p = 1
    while p < n:
        for q in range(p, min(n, p + 4)):
            if units[q].kind != "word":
                break
            pred = _completion(words(p, q + 1))
            if pred is not None and boundary(q + 1):
                a = p - 1
                while a >= 0 and not boundary(a) and p - a <= MAX_WORKS_UNITS:
                    a -= 1
                if boundary(a):
                    spans.append((a + 1, p - 1, pred))
                p = q  # the predicate's own words subject nothing (全线贯通投用)
                break
        p += 1
    for v in range(n - 1):
        if units[v].kind != "word" or not boundary(v - 1):
            continue
        w = v + 1 if units[v].text + units[v + 1].text in OPENING_VERBS else v  # 开通 运营
        verb = words(v, w + 1)
        if verb not in OPENING_VERBS:
            continue
        b = w + 1
        while b < n and not boundary(b) and b - w <= MAX_WORKS_UNITS:
            b += 1
        if boundary(b):
            spans.append((w + 1, b - 1, OPENING_VERBS[verb]))
    for a, b, kind in spans:
        if a <= b and _works_name(units, a, b, lex):
            name = canonical_name(text[units[a].start : units[b].end])
            if 3 <= len(name) <= 20 and "的" not in name and not RE_COUNTED.search(name):
                last = units[b]
                if last.head is not None and last.kind == "word":
                    if kind == "event" and last.htype != "event":
                        continue  # 办好国家高新区: only an event is held
                    kind = _type_of(name, last.htype or "")
                out.append(_Cand(units[a].start, units[b].end, name, kind, False, a, b))
    return out


def _completion(pred: str) -> str | None:
    """The type a completion gives its subject if *pred* is one or two completions after an
    adverb (顺利建成投用, 全线贯通投用), else None."""
    for adverb in COMPLETION_ADVERBS:
        pred = pred.removeprefix(adverb)
    if pred in COMPLETIONS:
        return COMPLETIONS[pred]
    for k in range(2, len(pred) - 1):
        if pred[:k] in COMPLETIONS and pred[k:] in COMPLETIONS:
            return COMPLETIONS[pred[:k]]
    return None


def _works_name(units: list[_Unit], a: int, b: int, lex: _Lexicon) -> bool:
    """Could units a..b, the whole subject or object of a completion, name the works: no count,
    verb, function word or list in it, not a bare place, a common word or a category?"""
    span = units[a : b + 1]
    for k, w in enumerate(span):
        if w.kind not in ("word", "quote", "alnum"):
            return False
        if w.kind == "word" and (
            w.text in lex.verbs
            or w.text in lex.function
            or w.text in lex.lead_generic
            or RE_QUANTITY.match(w.text)
            or (k == 0 and _leading_verb(w.text, lex))
        ):
            return False
        if w.kind == "word" and w.text[0] in "最首":
            return False  # 全球最大…, 首家…: a description, not a name
        if (
            w.kind == "alnum"
            and RE_NUMBER.match(w.text)
            and (k + 1 == len(span) or span[k + 1].text[0] in MEASURE_CHARS)
        ):
            return False  # 高标准农田13.5万亩: a count
    if all(w.kind == "word" and (_tag(w.text) == "ns" or _toponym_word(w.text)) for w in span):
        return False
    last = span[-1]
    if (
        last.kind == "word"
        and last.head is None
        and (_is_generic(last.text, lex) or (_tag(last.text) or "")[:1] == "d")
    ):
        return False  # …实验室陆续 (挂牌运营): an adverb is no part of a name
    if len(span) == 1:
        return last.kind == "quote" or (
            last.head is not None and bool(last.prefix) and not _is_common_word(last.text)
        )
    return True


PREPARATORY = frozenset(("前期", "前期工作"))  # the preparatory work of one project


def _main_works_after(units: list[_Unit], k: int) -> int:
    """How many units after *k* spell 主体工程 (the main works of the name before it): 0, 1 or 2."""
    nxt = units[k + 1 : k + 3]
    if nxt and nxt[0].text == "主体工程":
        return 1
    if len(nxt) == 2 and nxt[0].text == "主体" and nxt[1].text == "工程":
        return 2
    return 0


def _main_works(units: list[_Unit], h: int) -> bool:
    """Is the head *h* the 工程 of 主体工程 right after a named head (袁湾水库主体工程)?"""
    k = h - (2 if units[h].text == "工程" else 1)
    if k < 0 or _main_works_after(units, k) != h - k:
        return False
    if units[k].kind != "word" or units[k].head is None:
        return False
    # the head has its own name right before it (not 南排和航道主体工程, where the works are named)
    return bool(units[k].prefix) or (k >= 1 and units[k - 1].kind in ("word", "quote", "alnum"))


def _series_initial(units: list[_Unit], i: int, lex: _Lexicon) -> bool:
    """May a series of quoted names start at unit *i* (after a boundary or a verb: 升级“A”“B”平台)?"""
    return (
        i == 0
        or _name_initial(units, i, lex)
        or (units[i - 1].kind == "word" and _leading_verb(units[i - 1].text, lex))
    )


def _quoted_series(units: list[_Unit], lex: _Lexicon) -> list[_Cand]:
    """“A”“B”行动: quoted names in a row share the head after them."""
    out = []
    for h, u in enumerate(units):
        if u.head is None or u.kind != "word" or u.prefix or h < 2:
            continue
        k = h - 1
        while k >= 0 and h - k <= MAX_CONJUNCTS and units[k].kind == "quote":
            k -= 1
        if h - 1 - k < 2 or not _series_initial(units, k + 1, lex):
            continue  # X“A”“B”计划 is one programme
        for q in range(k + 1, h):
            if u.text in QUOTED_PLATFORM_HEADS:  # “爱山东”“鲁惠通”平台: the platforms are 爱山东, 鲁惠通
                out.append(
                    _Cand(units[q].start, units[q].end, canonical_name(units[q].text), "platform", True, q, q)
                )
                continue
            name = canonical_name(units[q].text) + u.text
            out.append(_Cand(units[q].start, u.end, name, _type_of(name, u.htype or ""), True, q, h))
    return out


def _shared_prefix(text: str, units: list[_Unit], h: int, by_head: dict[int, _Cand]) -> _Cand | None:
    if h < 2 or units[h - 1].kind not in ("enum", "conj"):
        return None
    prev = by_head.get(h - 2)
    if prev is None or prev.expanded or units[h].htype != units[h - 2].htype or units[h].htype != "event":
        return None
    if units[h].head != units[h - 2].head and "残" not in units[h].text:
        return None  # 太原论坛和能博会: another event, not a sibling (冬奥会和冬残奥会, 奥运会和残奥会)
    prefix = canonical_name(text[prev.start : units[prev.last].start])
    if not prefix:
        return None
    name = prefix + units[h].text
    return _Cand(prev.start, units[h].end, name, "event", True, prev.first, h)


def _shared_tail(units: list[_Unit], first: int, h: int, cand: _Cand, lex: _Lexicon) -> list[_Cand]:
    """乌石、惠州油田 -> 乌石油田 (conjuncts replacing the first characters of the last one);
    乌拉哈达、娄里、青山水库 -> 乌拉哈达水库, 娄里水库 (the proper name of a work, replaced whole
    by conjuncts of one or two proper words)."""
    if first < 2 or units[first - 1].kind not in ("enum", "conj"):
        return []
    conjuncts: list[int] = []
    k = first - 2
    while k >= 0 and len(conjuncts) < MAX_CONJUNCTS and _short_conjunct(units, k, lex):
        conjuncts.append(k)
        if k >= 2 and units[k - 1].kind in ("enum", "conj"):
            k -= 2
            continue
        break
    lead = units[first]
    if conjuncts:
        width = len(units[conjuncts[0]].text)
        if (
            any(len(units[c].text) != width for c in conjuncts)
            or lead.kind != "word"
            or len(lead.text) < width
        ):
            return []
        if 2 <= width < len(lead.text) and (lead.proper or _toponym_word(lead.text)):
            width = len(lead.text)  # 长城、大运河文化旅游带: the conjunct replaces the whole name 大运河
        return [
            _Cand(units[c].start, cand.end, units[c].text + cand.name[width:], cand.type, True, c, h)
            for c in reversed(conjuncts)
        ]
    if (
        cand.type != "project"  # a work (水库, 高铁), not a port or zone that a place may qualify
        or first != h - 1
        or lead.kind != "word"
        or not (lead.proper or _toponym_word(lead.text))
    ):
        return []
    return [
        _Cand(
            units[a].start,
            cand.end,
            _name_of(units, a, b) + cand.name[len(lead.text) :],
            cand.type,
            True,
            a,
            h,
        )
        for a, b in reversed(_proper_conjuncts(units, first - 2, lex))
    ]


def _proper_conjuncts(units: list[_Unit], k: int, lex: _Lexicon) -> list[tuple[int, int]]:
    """The conjuncts ending at unit *k*, right to left, of a list standing after a stop, each one
    or two words making a proper name of two to four characters (乌拉哈达、娄里 in
    乌拉哈达、娄里、青山水库, which pkuseg cuts 娄/里); none unless the whole list is such."""
    out: list[tuple[int, int]] = []
    while k >= 0 and len(out) < MAX_CONJUNCTS:
        a = k - 1 if k >= 1 and _proper_conjunct(units, k - 1, k, lex) else k
        if not _proper_conjunct(units, a, k, lex):
            return []
        out.append((a, k))
        prev = units[a - 1] if a >= 1 else None
        if prev is not None and prev.kind in ("enum", "conj"):
            k = a - 2
            continue
        if (
            prev is None
            or prev.kind in ("punct", "space")
            or (prev.kind == "word" and prev.text in lex.hard_stops)
        ):
            return out
        return []
    return []


def _proper_conjunct(units: list[_Unit], a: int, b: int, lex: _Lexicon) -> bool:
    """Do units *a*..*b* spell a proper name of two to four characters, with no head?"""
    pieces = units[a : b + 1]
    if any(u.kind != "word" or u.head is not None or u.text in lex.hard_stops for u in pieces):
        return False
    word = "".join(u.text for u in pieces)
    if not 2 <= len(word) <= SHORT_MEMBER or word in lex.not_places or word in lex.ambiguous:
        return False
    if len(pieces) == 1 and (pieces[0].proper or _toponym_word(word)):
        return True
    # an unknown word (乌拉哈达 under pkuseg, 娄/里 cut in two) that holds no common word
    return (
        word not in _dictionary()
        and not _is_generic(word, lex)
        and not any(_is_common(u.text) and not (u.proper or len(u.text) == 1) for u in pieces)
    )


def _tail_head(units: list[_Unit], d: int, lex: _Lexicon) -> int | None:
    """Index of the head that closes the phrase after 等 or 四大 at *d* (等项目, 等新型储能项目)."""
    k = d + 1
    while k < len(units) and k - d <= 6:
        u = units[k]
        if u.kind not in ("word", "alnum"):
            return None
        if u.head is not None and not (k + 1 < len(units) and units[k + 1].head is not None):
            return k
        if u.text in lex.hard_stops or (
            u.text in lex.function and not RE_GROUP.match(u.text) and u.text not in lex.plural
        ):
            return None
        k += 1
    return None


def _distributed(text: str, units: list[_Unit], lex: _Lexicon) -> list[_Cand]:
    """Lists closed by 等 or a count and a head.

    ``A、B等HEAD`` gives A+HEAD and B+HEAD when the words after 等 are just a head (等项目,
    等特高压工程), else A and B themselves (京东方、惠科等重点项目);
    ``A、B两大HEAD`` gives A+HEAD and B+HEAD.
    """
    out: list[_Cand] = []
    for d, u in enumerate(units):
        group = u.kind == "word" and RE_GROUP.match(u.text) is not None
        if d == 0 or not (u.kind == "deng" or group):
            continue
        h = _tail_head(units, d, lex)
        closure = _project_list_end(units, d, lex) if u.kind == "deng" else None
        if h is None or (closure is not None and _closed_by_project(units[closure[0]])):
            continue  # 等(重点)项目: see _listed_projects
        group = group or any(RE_GROUP.match(t.text) for t in units[d + 1 : h])
        tail_units = [t for t in units[d + 1 : h + 1] if not RE_GROUP.match(t.text)]
        pure = group or all(
            t.prefix not in lex.lead_generic  # 等重大项目: a category
            if t is units[h]
            else not (_is_generic(t.text, lex) or t.text in lex.ambiguous)
            for t in tail_units
        )
        tail = "".join(t.bare for t in tail_units)
        conjuncts = _conjuncts(units, d, lex)
        if group and len(conjuncts) < 2:
            continue
        if not pure and 2 * sum(_proper_span(units, a, b) for a, b in conjuncts) < len(conjuncts):
            continue  # 时空信息、具身智能、…、石化化工等: a list of fields, not of names
        for first, last in conjuncts:
            if units[last].head is None or group:
                out.extend(_conjunct_cand(units, first, last, h, tail, pure, group, lex))
    return out


LIST_HEADS = frozenset(("项目", "工程"))
COUNTED_LIST_TYPES = frozenset(("park", "zone", "facility", "platform"))
SHORT_MEMBER = 4  # characters
# words opening the name of a kind of facility found in every place (社区卫生服务中心)
CATEGORY_LEADS = ("区域", "社区", "市县", "乡镇", "基层", "县级", "市级", "村级", "县域", "市域")
LIST_COUNTERS = frozenset(("个", "多个", "余个", "项", "批"))


REBUILDING = frozenset(("改造", "扩建", "改扩建", "扩能改造", "提升改造"))  # 港区改造二期
WIDENING = frozenset(("扩容", "扩能", "扩容改造", "提质改造", "现代化改造", "迁建"))
RE_BARE_PHASE = re.compile(rf"^[{_NUM}]+期(?:项目|工程)$")
RE_PHASE = re.compile(rf"^[{_NUM}]+期$")  # 一期 三期
RE_PHASE_END = re.compile(rf"[{_NUM}]期$")
RATINGS = frozenset(("千伏", "伏", "兆瓦", "千瓦", "万千瓦"))  # 1000千伏: a rating in a line's name
RE_CLASS = re.compile(r"[A-Z]型|[\u4e00-\u9fff]{1,3}类")  # B型, 中医类
RE_ROUTE_SECTION = re.compile(r"[\u4e00-\u9fff]{2,5}至[\u4e00-\u9fff]{2,5}段")


def _phase_names(text: str, units: list[_Unit], cands: list[_Cand], lex: _Lexicon) -> list[_Cand]:
    """A phase after a proper name, with no head, names a project (裕龙石化一期, 武都引水二期,
    中海壳牌三期).  Only phases no candidate covers: X高铁二期 and X项目一期 are found by their
    heads."""
    out: list[_Cand] = []
    for k, u in enumerate(units):
        if u.kind != "word" or not RE_PHASE.match(u.text):
            continue
        if any(c.start <= u.start and u.end <= c.end for c in cands):
            continue
        i = k - 1
        while i >= 0 and k - i <= MAX_UNITS:
            v = units[i]
            if i == k - 1 and v.kind == "word" and v.text in REBUILDING:
                i -= 1  # 石岛湾核电扩建一期: the phase of a rebuilding
                continue
            if v.kind not in ("word", "alnum") or (
                v.kind == "word"
                and (
                    v.text in lex.verbs
                    or v.text in lex.programme_verbs
                    or v.text in lex.function
                    or v.text in lex.plural
                    or RE_QUANTITY.match(v.text)
                    or RE_PHASE.match(v.text)
                )
            ):
                break
            i -= 1
        first = i + 1
        while (
            first < k
            and units[first].kind == "word"
            and (_is_generic(units[first].text, lex) or _leading_verb(units[first].text, lex))
        ):
            first += 1
        if first >= k or not any(
            units[j].proper
            or _toponym_word(units[j].text)
            or (units[j].kind == "alnum" and _specific_alnum(units, j))
            for j in range(first, k)
        ):
            continue
        name = canonical_name(text[units[first].start : u.end])
        if 3 <= len(name) <= MAX_CHARS:
            out.append(_Cand(units[first].start, u.end, name, "project", False, first, k))
    return out


def _listed_projects(units: list[_Unit], lex: _Lexicon) -> list[_Cand]:
    """Members of a list closed by 等 and the word 项目 or 工程 name projects of their own, with no
    head (赛得利纤维等3500多个拟竣工项目, 晏城至表白寺等2个项目, 奇瑞乘用车技改、…等项目).

    After a count or a modifier (等23个续建项目, 等重点项目) a member is named alone; right before
    项目 it takes the word, as the shared gold writes it (碳化硅三期、…等项目 -> 碳化硅三期项目),
    unless it is short (崆峒胜境等项目 -> 崆峒胜境).
    A list of fields (水利、交通等项目) names none: a member must hold a proper word, a quoted
    name, digits or a phase, and at least half of the list must."""
    out: list[_Cand] = []
    for d, u in enumerate(units):
        if d == 0:
            continue
        if u.kind == "deng":
            closure = _project_list_end(units, d, lex)
        elif u.kind == "alnum" and units[d - 1].kind in ("word", "quote"):
            closure = _project_list_end(units, d - 1, lex)  # A、B、C6个工程: a list closed by its count
            if closure is not None and not (
                closure[1] and any(x.kind == "enum" for x in units[max(0, d - 40) : d])
            ):
                closure = None
        else:
            continue
        if closure is None:
            continue
        k, bare = closure
        members = _list_members(units, d, lex)
        if u.kind == "alnum" and len(members) < 2:
            continue
        if not _closed_by_project(units[k]):
            # a counted list of parks or stations names them only by proper words, each member
            # two or more (大渡河双江口, 金沙江叶巴滩), never a field (绿电) or a lone place
            members = [
                (a, b)
                for a, b in members
                if b > a
                and all(
                    units[j].kind == "word" and (units[j].proper or _toponym_word(units[j].text))
                    for j in range(a, b + 1)
                )
            ]
            if len(members) < 2:
                continue
        good = [(a, b) for a, b in members if _listed_name(units, a, b, lex)]
        if not good or 2 * len(good) < len(members):
            continue
        for a, b in good:
            if units[b].head is not None:
                # a member with a head of its own, opening with a name (南京北站 of …高铁和南京北站、
                # …等重大工程); one opening otherwise (以及X水电站, 二期和X水库) is left to the heads
                if not (
                    units[a].proper or _toponym_word(units[a].text) or units[a].kind in ("quote", "alnum")
                ):
                    continue
                name = canonical_name(_name_of(units, a, b))
                out.append(
                    _Cand(
                        units[a].start, units[b].end, name, _type_of(name, units[b].htype or ""), True, a, b
                    )
                )
                continue
            name = _name_of(units, a, b)
            # a short member is named alone (菏泽海辰, 崆峒胜境): the annotations write it so, and
            # with 项目 it would be half again as long
            alone = bare or (units[k].text == "项目" and len(canonical_name(name)) <= SHORT_MEMBER)
            end = b if alone else k
            if not alone:
                name += units[k].text
            name = canonical_name(name)
            out.append(_Cand(units[a].start, units[end].end, name, _type_of(name, "project"), True, a, end))
    return out


def _closed_by_project(u: _Unit) -> bool:
    """Is *u*, the word closing a list, 项目 or 工程 (等重大项目), not a counted category (等31个水电站)?"""
    return u.text in LIST_HEADS or u.head in LIST_HEADS


def _project_list_end(units: list[_Unit], d: int, lex: _Lexicon) -> tuple[int, bool] | None:
    """After 等 at *d*: the index of the closing 项目 or 工程, and whether the members are named
    alone (after a count or a modifier: 等23个续建项目, 等重大项目); None if 等 closes no project
    list."""
    n = len(units)
    k, bare, counted = d + 1, False, False
    if (
        k + 1 < n
        and units[k].kind == "alnum"
        and RE_NUMBER.match(units[k].text)
        and units[k + 1].text in LIST_COUNTERS
    ):
        k, bare, counted = k + 2, True, True
    elif (
        k + 2 < n
        and units[k].kind == "alnum"
        and RE_NUMBER.match(units[k].text)
        and units[k + 1].text in ("多", "余")
        and units[k + 2].text in LIST_COUNTERS
    ):
        k, bare, counted = k + 3, True, True  # 3500 多 个 (pkuseg)
    elif k < n and units[k].kind == "word" and RE_QUANTITY.match(units[k].text):
        k, bare = k + 1, True
    mods = 0
    while (
        k < n
        and mods < 4
        and units[k].kind == "word"
        and units[k].text not in LIST_HEADS
        and units[k].head is None
    ):
        k, mods, bare = k + 1, mods + 1, True  # 续建, 拟 竣工, 重点
    if k >= n or units[k].kind != "word":
        return None
    if units[k].text not in LIST_HEADS:
        t = units[k]
        if counted and t.head is not None and t.htype in COUNTED_LIST_TYPES:
            return k, True  # 大渡河双江口、…等31个大中型水电站: each member is one of them
        if t.head not in LIST_HEADS or not (t.prefix in lex.generic or t.prefix in lex.lead_generic):
            return None
        bare = True  # 等重大项目 as one token
    if k + 1 < n and units[k + 1].kind == "word" and units[k + 1].head is not None:
        return None  # 等项目工程: not the end of the phrase
    return k, bare


def _list_members(units: list[_Unit], d: int, lex: _Lexicon) -> list[tuple[int, int]]:
    """(first, last) unit indices of the members of the 、 list ending before unit *d*, right to
    left.  The list starts after punctuation and the leading verbs (加快推进 奇瑞…); a member
    ending in a head and joined by 及 or 和 to the next is a member of its own."""
    spans: list[tuple[int, int]] = []
    last = d - 1
    k = last
    while k >= 0 and len(spans) < MAX_CONJUNCTS and d - k <= MAX_CONJUNCTS * MAX_UNITS:
        kind = units[k].kind
        if kind in ("enum", "punct", "space", "deng") or k == 0:
            first = k + 1 if kind in ("enum", "punct", "space", "deng") else k
            if first <= last:
                spans.append((first, last))
            if kind != "enum":
                break
            last = k - 1
        elif kind == "conj" and k > 0 and units[k - 1].head is not None and k < last:
            spans.append((k + 1, last))
            last = k - 1
        k -= 1
    if spans:
        first, last = spans[-1]
        while (
            first < last
            and units[first].kind == "word"
            and not _central_firm(units, first, last)
            and (
                _leading_verb(units[first].text, lex)
                or (
                    len(units[first].text) == 1
                    and _tag(units[first].text) not in PROPER_TAGS  # not 赛 of 赛 得利 纤维
                    and _leading_verb(units[first + 1].text, lex)
                )
            )
        ):
            first += 1  # 加快推进, 新 开工 (one token or two)
        spans[-1] = (first, last)
    return spans


def _leading_verb(word: str, lex: _Lexicon) -> bool:
    tag = _tag(word) or ""
    return (
        word in lex.verbs
        or word in lex.programme_verbs
        or word in lex.function
        or word in lex.transitive
        or tag[:1] in ("v", "d", "p", "c")
    )


FIELD_NOUNS = frozenset(("工业", "产业", "农业", "渔业", "旅游", "经济", "贸易", "物流", "服务业", "制造业"))


def _listed_name(units: list[_Unit], a: int, b: int, lex: _Lexicon) -> bool:
    """Could units a..b, a member of a project list, name one project?"""
    name = _name_of(units, a, b)
    if not 2 <= len(name) <= MAX_CONJUNCT or RE_LEVEL.search(name) or units[b].text in lex.relations:
        return False
    if all(units[k].kind == "quote" and not _quote_is_name(units[k]) for k in range(a, b + 1)):
        return False  # “两重”“十五五”等重大项目: slogans and a plan's years, not projects
    words = [units[k] for k in range(a, b + 1) if units[k].kind == "word"]
    if len(words) == 2 and b == a + 1 and words[1].text in FIELD_NOUNS:
        return False  # 临港工业、滨海旅游等项目: a field by a place, not a project
    if (
        len(words) == 1
        and words[0].proper
        and (_tag(words[0].text) == "ns" or name[-1] in lex.place_suffixes)
    ):
        return False  # 唐河、淮河等治理工程: places, not projects
    return (
        _proper_span(units, a, b)
        or any(
            units[k].kind == "word"
            and len(units[k].text) == 1
            and units[k].text not in DIRECTIONS
            and _tag(units[k].text) in PROPER_TAGS
            and units[k + 1].kind == "word"
            and len(units[k + 1].text) >= 2
            for k in range(a, b)
        )
        or _central_firm(units, a, b)
    )  # 赛 得利 纤维: a proper name the segmenter cut into a character and a word


def _central_firm(units: list[_Unit], a: int, b: int) -> bool:
    """Does the member units a..b open with a central firm's short name and go on after it:
    中 煤 烯烃 and 中 煤烯烃 (the name cut by jieba and by pkuseg), 中船 高端智慧风电 (a rare word)?"""
    if b <= a or units[a].kind != "word" or units[a + 1].kind != "word":
        return False
    first, nxt = units[a].text, units[a + 1].text
    if first == "中":
        if len(nxt) == 1:
            return b >= a + 2 and RE_CJK.match(nxt) is not None and nxt not in DIRECTIONS
        return units[a + 1].proper and nxt not in _dictionary()
    entry = _dictionary().get(first)
    return (
        len(first) == 2
        and first[0] == "中"
        and entry is not None
        and entry[0] < 100
        and entry[1] in ("n", "j", "nt")
    )


def _conjuncts(units: list[_Unit], d: int, lex: _Lexicon) -> list[tuple[int, int]]:
    """The (first, last) unit indices of the conjuncts before unit *d*, right to left."""
    out: list[tuple[int, int]] = []
    end = d
    while end > 0 and len(out) < MAX_CONJUNCTS:
        last = end - 1
        if units[last].kind not in ("word", "quote", "alnum"):
            break
        walked = _walk(units, last, lex)
        first = _trim(units, walked, last, lex)
        if first <= last:
            out.append((first, last))
        if walked > 1 and units[walked - 1].kind in ("enum", "conj"):
            end = walked - 1
            continue
        break
    return out


def _proper_span(units: list[_Unit], first: int, last: int) -> bool:
    return any(units[k].proper or _marked(units, k) for k in range(first, last + 1))


def _marked(units: list[_Unit], k: int) -> bool:
    """Is unit *k* a quotation, a specific code (G60, 12355) or a number (一号, 三期)?"""
    u = units[k]
    return (
        u.kind == "quote"
        or (u.kind == "alnum" and _specific_alnum(units, k))
        or bool(RE_NUMBERED.match(u.text))
    )


def _conjunct_cand(
    units: list[_Unit], first: int, last: int, h: int, tail: str, pure: bool, group: bool, lex: _Lexicon
) -> list[_Cand]:
    name = _name_of(units, first, last)
    if not 2 <= len(name) <= MAX_CONJUNCT or RE_LEVEL.search(name) or units[last].text in lex.relations:
        return []  # 钟鼓楼周边等街区: an area around a place
    mods = range(first, last + 1)
    proper = _proper_span(units, first, last)
    htype = units[h].htype or ""
    if group:
        if not any(units[k].kind == "quote" or not _is_generic(units[k].text, lex) for k in mods):
            return []
    elif not proper:
        return []
    own = _match_head(name, lex)
    own_type = own[1] if own is not None and own[1] in NESTED_TYPES else None  # 郑州南站: a station
    if _complete_work(units[last].text):
        # 白沟河治理等防洪工程, 国道307山西段等能源运输通道: a work named to its end is one of them
        own_type = own_type or "project"
    elif pure and not name.endswith(units[h].head or "\0") and own_type is None:
        full = canonical_name(name + tail)
        return [_Cand(units[first].start, units[h].end, full, _type_of(full, htype), True, first, h)]
    bare = canonical_name(name)
    return [
        _Cand(units[first].start, units[last].end, bare, _type_of(bare, own_type or htype), True, first, last)
    ]


WORKS = frozenset(("治理", "整治", "修复"))  # a river's or a site's works, named by them (白沟河治理)


def _complete_work(word: str) -> bool:
    """Does *word* end the name of a work: a section (段), a phase (二期), a rebuilding or other
    works (改造, 治理)?"""
    return word == "段" or RE_PHASE.match(word) is not None or word in REBUILDING | WIDENING | WORKS


# one-character abbreviations of provinces (and 蜀 陇 滇 黔 秦 for theirs), which name a region's
# own digital services: “鲁惠通”, “闽政通”, “渝快办”, “京通”
PROVINCE_ABBREVIATIONS = frozenset("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼蜀黔滇陇秦")
SERVICE_ENDINGS = ("通", "办", "码", "执法")
CONNECTED_REGIONS = frozenset("港澳台")


def _quoted_services(units: list[_Unit]) -> list[_Cand]:
    """A quoted coined name of a region's digital service: a province's abbreviation or name and
    a service word (“鲁惠通”, “闽执法”, “苏服办”, “京通”, “山东通”); not a cross-region policy
    (“跨省通办”, “深港通”)."""
    out = []
    for i, u in enumerate(units):
        if u.kind != "quote":
            continue
        name = canonical_name(u.text)
        if not 2 <= len(name) <= 6 or not name.endswith(SERVICE_ENDINGS):
            continue
        stem = name[: -2 if name.endswith("执法") else -1]
        if len(stem) >= 2 and stem[1] in PROVINCE_ABBREVIATIONS | CONNECTED_REGIONS:
            continue  # 京津冀, 川渝: regions; 沪港通, 深港通: a connection between two markets
        if name[0] in PROVINCE_ABBREVIATIONS or (len(stem) >= 2 and _tag(stem) == "ns"):
            out.append(_Cand(u.start, u.end, name, "platform", first=i, last=i))
    return out


def _quoted_brands(units: list[_Unit], lex: _Lexicon) -> list[_Cand]:
    """“X”服务品牌, “X”名片: the quoted words name a programme; “X灯会”: a quoted event."""
    out = []
    for i, u in enumerate(units):
        if u.kind != "quote":
            continue
        event = _head_of(u.bare)
        if (
            event is not None
            and event[1] == "event"
            and len(u.bare) - len(event[0]) >= 2
            and _quote_is_name(u)
            and not (i + 1 < len(units) and units[i + 1].head is not None)
        ):
            out.append(_Cand(u.start, u.end, canonical_name(u.text), "event", first=i, last=i))
            continue
        if i + 1 == len(units):
            continue
        after = "".join(x.text for x in units[i + 1 : i + 3] if x.kind == "word")
        if units[i + 1].kind == "word" and (units[i + 1].text in lex.brand_tails or after in lex.brand_tails):
            name = canonical_name(u.text)
            if 2 <= len(name) <= 12 and not RE_NUMBER.match(name):
                out.append(_Cand(u.start, u.end, name, "programme", first=i, last=i))
    return out


INTERCITY_HEADS = frozenset(("高铁", "高速", "高速公路", "铁路", "城际", "城际铁路"))


def _place_word(stem: str, suffix: str, lex: _Lexicon) -> bool:
    """Is *stem* + *suffix* a place name (永嘉 + 县) and not a common word (老旧小 + 区)?

    An unknown stem takes only a local suffix (区 县 镇 …); 省 and 市 need a dictionary toponym."""
    if (
        not 2 <= len(stem) <= 4
        or not _is_proper(stem)
        or _match_head(stem, lex)
        or _has_generic_piece(stem, lex)
    ):
        return False
    if suffix not in lex.local_place_suffixes and _tag(stem) != "ns":
        return False
    return (stem[-1] + suffix) not in _dictionary() and (stem[-1] + suffix) not in _policy_terms()


@functools.lru_cache(maxsize=65536)
def _generic_words(text: str) -> bool:
    """Can *text* be cut into generic words only (高耗能 + 高排放)?"""
    lex = _lexicon()
    n = len(text)
    ok = [True] + [False] * n  # ok[j]: text[:j] is generic words
    for j in range(1, n + 1):
        ok[j] = any(ok[i] and _is_generic(text[i:j], lex) for i in range(max(0, j - 6), j - 1))
    return n >= 2 and ok[n]


def _has_generic_piece(word: str, lex: _Lexicon) -> bool:
    return any(word[i:j] in lex.generic for i in range(len(word)) for j in range(i + 2, len(word) + 1))


def _place_name(stem: str, suffix: str, lex: _Lexicon) -> str:
    """江山 + 市 -> 江山: a province or city is named without 省/市 when its stem is a toponym."""
    return stem if suffix in lex.short_form_suffixes and _tag(stem) == "ns" else stem + suffix


def _places(units: list[_Unit], pos: dict[int, str | None], starts: set[int], lex: _Lexicon) -> list[_Cand]:
    """Place names: a proper word with a place suffix (永嘉县), a joined toponym (X家峪), a
    dictionary toponym opening an extracted name (巴黎 in 巴黎奥运会; *starts* are the name starts)."""
    out = []
    n = len(units)
    i = 0
    while i < n:
        u = units[i]
        t = u.text
        nxt = units[i + 1] if i + 1 < n else None
        if u.kind != "word" or not _place_relevant(t):
            i += 1
        elif (
            nxt is not None
            and nxt.kind == "word"
            and nxt.text in lex.place_suffixes
            and _place_word(t, nxt.text, lex)
        ):
            out.append(_Cand(u.start, nxt.end, _place_name(t, nxt.text, lex), "place"))
            i += 2
        elif (
            len(t) >= 3
            and t[-1] in lex.place_suffixes
            and t not in lex.not_places
            and t not in lex.heads
            and _place_word(t[:-1], t[-1], lex)
        ):
            out.append(_Cand(u.start, u.end, _place_name(t[:-1], t[-1], lex), "place"))
            i += 1
        elif _toponym(t, pos.get(u.start), u.start in starts):
            if (
                nxt is not None
                and nxt.kind == "word"
                and (_toponym(nxt.text, None, True) or nxt.text in lex.place_suffixes)
            ):
                i += 2  # two toponyms in a row: a compound, not the place meant
                continue
            if (
                nxt is not None
                and nxt.kind == "word"
                and nxt.text in INTERCITY_HEADS
                and len(t) == 2
                and not _toponym_word(t)
                and not (t[0] in PROVINCE_ABBREVIATIONS and t[1] in "东西南北中")  # 粤东: a region
            ):
                i += 1  # 大西高铁, 太旧高速: two towns' initials naming a line, not a place
                continue
            # a toponym with a head of its own is that thing (上海博物馆, 日照港), not a place
            out.append(_Cand(u.start, u.end, t, _type_of(t, u.htype) if u.htype else "place"))
            i += 1
        else:
            i += 1
    return out


@functools.lru_cache(maxsize=65536)
def _place_relevant(t: str) -> bool:
    """Might word *t* begin a place in :func:`_places`?  A cheap pre-check, implied by each rule:
    a place-word stem and an unknown toponym are proper, a place word ends with a place suffix,
    and the other toponyms are X家峪 or tagged ns."""
    if len(t) < 2:
        return False
    if _is_proper(t) or (len(t) >= 3 and t[-1] in _lexicon().place_suffixes):
        return True
    return (len(t) == 3 and t[1] == "家") or _tag(t) == "ns"


@functools.lru_cache(maxsize=65536)
def _toponym(word: str, pos: str | None, opens_name: bool) -> bool:
    lex = _lexicon()
    if len(word) == 2 and word[0] == "中" and word[1] in lex.partners:
        return False  # 中德: two countries, not a place
    if len(word) < 2 or word in lex.not_places or _is_generic(word, lex) or not RE_CJK.match(word):
        return False
    if len(word) == 3 and word[1] == "家" and word[2] in TOPONYM_SUFFIXES:
        return True  # X家峪, X家庄
    if word in lex.national:
        return False
    if _tag(word) is None:
        # an unknown word the segmenter's tagger calls a toponym
        return pos == "ns" and _is_proper(word)
    # a dictionary toponym opening a name (its tag alone is too loose: 美化 深度 are ns)
    return opens_name and _tag(word) == "ns"


def _drop_nested(cands: list[_Cand]) -> list[_Cand]:
    """Keep plain candidates not inside a longer plain candidate, except a facility opening the
    name of an organisation (X校区 of X校区教育集团) and a park, zone or event inside a programme's
    name (上合地方经贸合作大会 of 上合地方经贸合作大会青岛倡议); keep every expansion."""
    plain = sorted((c for c in cands if not c.expanded), key=lambda c: (c.start, -c.end))
    kept: list[_Cand] = []
    reach = -1
    outer: _Cand | None = None
    for c in plain:
        if c.end <= reach:
            if outer is not None and (
                (outer.type == "org" and c.start == outer.start and c.type in NESTED_TYPES)
                or (outer.type == "programme" and c.type in ("park", "zone", "event"))
            ):
                kept.append(c)  # 西海岸新区 of 推动西海岸新区创新发展先行先试行动计划
            continue
        kept.append(c)
        outer = c
        reach = max(reach, c.end)
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for c in sorted(kept + [c for c in cands if c.expanded], key=lambda c: (c.start, c.end)):
        key = (c.start, c.end, c.name)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


# --------------------------------------------------------------------------------------------
# API


def extract_projects(
    text: str,
    sentences: Sequence[Sentence],
    tokens: Sequence[Token],
    *,
    gazetteer: Collection[str] | Mapping[str, str] = (),
) -> list[Project]:
    """Named projects, parks, zones, facilities, platforms, events, programmes, orgs and places.

    *text* is the normalised document text, *sentences* its sentences and *tokens* its tokens
    (any segmenter). Names in *gazetteer* (a collection, or a mapping to their types as
    :func:`analyzer.gazetteer.read_gazetteer` gives) are also found where they occur verbatim.

    >>> from analyzer.records import Sentence, Token
    >>> t = "加快推进王家峪智能制造产业园建设。"
    >>> words = ["加快", "推进", "王家峪", "智能", "制造", "产业园", "建设", "。"]
    >>> toks, pos = [], 0
    >>> for w in words:
    ...     toks.append(Token(w, pos, pos + len(w)))
    ...     pos += len(w)
    >>> [(p.name, p.type) for p in extract_projects(t, [Sentence("s1", None, "p1", 0, len(t), t)], toks)]
    [('王家峪', 'place'), ('王家峪智能制造产业园', 'park')]
    """
    lex = _lexicon()
    starts = [t.start for t in tokens]
    records: dict[str, tuple[str, list[Mention]]] = {}

    def add(c: _Cand, sent: Sentence) -> None:
        if c.name and c.start < c.end:
            mention = Mention(text[c.start : c.end], c.start, c.end, sent.id, sent.section)
            records.setdefault(c.name, (c.type, []))[1].append(mention)

    for sent in sentences:
        a = bisect.bisect_left(starts, sent.start)
        b = bisect.bisect_left(starts, sent.end)
        toks = [t for t in tokens[a:b] if t.end <= sent.end]
        if not toks or not (
            any(map(_token_trigger, [t.text for t in toks])) or any(t.pos == "ns" for t in toks)
        ):
            continue  # most sentences: no token any rule below could start from
        units = _units(text, toks, lex)
        cands = _drop_nested(_sentence_candidates(text, units, lex))
        cands += _phase_names(text, units, cands, lex)
        for c in cands:
            add(c, sent)
        opening = {c.start for c in cands if c.type != "programme"}
        for c in _places(units, {t.start: t.pos for t in toks if t.pos is not None}, opening, lex):
            add(c, sent)

    if gazetteer:
        _add_gazetteer(text, sentences, tokens, gazetteer, records, lex)

    projects = []
    for name, (kind, mentions) in records.items():
        unique = sorted({(m.start, m.end): m for m in mentions}.values(), key=lambda m: (m.start, m.end))
        projects.append(Project(name=name, type=kind, mentions=tuple(unique)))
    projects.sort(key=lambda p: (p.mentions[0].start, p.mentions[0].end, p.name))
    return projects


@functools.lru_cache(maxsize=65536)
def _token_trigger(t: str) -> bool:
    """Could token *t* start a candidate?  A sentence with no such token yields none.

    It may: head a name, or complete a head begun by the token before it (the unit profile says
    so, see :func:`_profile`; a single-character head such as 园 too); be cut in two by
    :func:`_split_point` (a piece may be a head); open a quotation or a bracket (quoted names);
    end with a place suffix or be a place suffix (places); or be an X家峪 toponym.  Dictionary
    toponyms open a name only before a head; a token tagged ns is checked apart.  A phase (一期)
    may close a name with no head (金山海上风电一期)."""
    if _split_point(t) or t[-1] in _lexicon().place_suffixes or (len(t) == 3 and t[1] == "家"):
        return True
    if RE_PHASE.match(t) or t == "期":  # 一 期 (pkuseg)
        return True
    kind, _, plain = _profile(t)
    return kind == "open" or plain is not True


def _add_gazetteer(
    text: str,
    sentences: Sequence[Sentence],
    tokens: Sequence[Token],
    gazetteer: Collection[str] | Mapping[str, str],
    records: dict[str, tuple[str, list[Mention]]],
    lex: _Lexicon,
) -> None:
    """Add verbatim occurrences of gazetteer names that no extracted mention covers.

    An occurrence must begin and end on token boundaries (太平 is not in 太平洋) and not be
    counted (24个国家现代农业产业园 are many, not the one); a mapping gives each name's type."""
    sent_starts = [s.start for s in sentences]
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end for t in tokens}
    taken = sorted((m.start, m.end) for _, ms in records.values() for m in ms)
    taken_starts = [s for s, _ in taken]
    kinds = gazetteer if isinstance(gazetteer, Mapping) else {}
    for name in sorted(set(gazetteer), key=lambda s: (-len(s), s)):
        if len(name) < 2:
            continue
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            k = bisect.bisect_right(taken_starts, pos)
            inside = any(taken[j][0] <= pos and end <= taken[j][1] for j in range(max(0, k - 8), k))
            si = bisect.bisect_right(sent_starts, pos) - 1
            if not inside and si >= 0 and end <= sentences[si].end and pos in starts and end in ends:
                i = starts[pos]
                before = tokens[i - 1].text if i > 0 else ""
                counted = bool(before) and (
                    RE_QUANTITY.match(before) is not None
                    or before in lex.plural
                    or (before[:1] in PLURAL_CHARS and i > 1 and tokens[i - 2].text[-1:].isdigit())
                )
                if not counted:
                    sent = sentences[si]
                    kind = (
                        records[name][0] if name in records else kinds.get(name) or _gazetteer_type(name, lex)
                    )
                    records.setdefault(name, (kind, []))[1].append(
                        Mention(name, pos, end, sent.id, sent.section)
                    )
                    taken.insert(k, (pos, end))
                    taken_starts.insert(k, pos)
            pos = text.find(name, end)


def _gazetteer_type(name: str, lex: _Lexicon) -> str:
    m = _match_head(name, lex)
    if m is not None:
        return _type_of(name, m[1])
    if name[-1] in lex.place_suffixes:
        return "place"
    return "project"
