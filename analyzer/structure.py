"""Sections, parts (review / plan / other), paragraphs and sentences of a normalised report.

The normalised text has one paragraph per line (see :mod:`analyzer.normalize`).  Headings come in
three shapes in 政府工作报告:

* numbered on a line of their own: ``一、2023年工作回顾``, ``（一）着力实施扩大内需战略``, ``1.…``;
* numbered and inline, the heading being the paragraph's first sentence:
  ``（一）大力推进现代化产业体系建设，加快发展新质生产力。推动…``;
* unnumbered heading lines, as in news summaries and some provincial reports: a short line with no
  sentence punctuation, such as ``2024年工作回顾`` or ``12件民生实事``.

Each level-1 section is labelled by what its title says: **review** (工作回顾, 过去一年, 一年来 …),
**other** (the opening and closing addresses, appendices such as 名词解释 and 附件), else **plan**.
Subsections inherit the part of their parent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.records import Paragraph, ParagraphKind, Part, Section, Sentence

__all__ = ["Structure", "part_of_title", "split_sentences", "structure"]

RE_NUMBERED = (
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}、")),
    (2, re.compile(r"^（[一二三四五六七八九十]{1,3}）")),
    (3, re.compile(r"^\d{1,2}[.、](?!\d)")),
)
RE_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*")
RE_CLAUSE_END = re.compile(r"[；;]")
RE_DATE_LINE = re.compile(r"^(?:—+|-{2,})?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,60}(?:会议|大会)")
RE_SPEAKER_LINE = re.compile(r"(?:总理|省长|市长|区长|县长|主席|旗长|州长)\s*\S{0,2}\s*\S{1,4}$")
RE_TITLE_LINE = re.compile(r"政府工作报告$|政府工作报告\s*$")
RE_SALUTATION = re.compile(r"^各位代表[：:，,！!]")
RE_APPENDIX = re.compile(r"^(?:附件\s*\d*|附录|名词解释|注释|说明)(?:\s|[：:]|$)")
RE_REVIEW = re.compile(
    r"回顾|过去(?:一|五)年|一年来|五年来|\d{4}\s*年(?:和今年以来)?工作(?:回顾|总结)?$"
    r"|取得[^，。]{0,8}(?:成效|成绩|成就)|发展成就|主要成绩"
)
# The opening words of a section body that looks back on the past year or plan period.
RE_REVIEW_LEAD = re.compile(r"^.{0,30}(?:一年来|过去一年|五年来|过去五年|刚刚过去的)")
RE_PLAN = re.compile(r"安排|任务|目标|建议|要求|部署|重点工作|政策取向")
RE_HEADING_PUNCT = re.compile(r"[。！？!?；;]")
MAX_HEADING_CHARS = 60
LEAD_TITLE = "导语"
OPENING_TITLE = "开篇"
CLOSING_TITLE = "结束语"


@dataclass(frozen=True, slots=True)
class Structure:
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    title: str | None
    date_line: str | None
    speaker_line: str | None


def part_of_title(title: str, lead: str = "") -> Part:
    """The part a level-1 section belongs to, from its title (and the opening words of its body).

    >>> part_of_title("一、2023年工作回顾"), part_of_title("二、2024年政府工作任务"), part_of_title("名词解释")
    ('review', 'plan', 'other')
    """
    bare = _strip_number(title)
    if RE_APPENDIX.match(bare) or RE_APPENDIX.match(title):
        return "other"
    if RE_REVIEW.search(bare):
        return "review"
    if not RE_PLAN.search(bare) and RE_REVIEW_LEAD.match(lead):
        return "review"
    return "plan"


def _strip_number(title: str) -> str:
    for _, rx in RE_NUMBERED:
        m = rx.match(title)
        if m:
            return title[m.end() :].strip()
    return title


def _numbered_level(line: str) -> int | None:
    for level, rx in RE_NUMBERED:
        if rx.match(line):
            return level
    return None


def _heading_title_end(line: str) -> int:
    """Length of the heading part of a numbered paragraph: up to its first sentence end."""
    m = RE_SENTENCE_END.search(line)
    return m.end() if m else len(line)


def _is_unnumbered_heading(line: str, following: str | None) -> bool:
    if len(line) > MAX_HEADING_CHARS or RE_HEADING_PUNCT.search(line):
        return False
    if line[-1] in "：:，,、" or (line.startswith(("—", "-", "“")) and line.endswith("”")):
        return False
    if RE_DATE_LINE.match(line) or RE_SPEAKER_LINE.search(line):
        return False
    if RE_APPENDIX.match(line):
        return True
    # A heading announces text: it is followed by a paragraph or another heading, never last.
    return following is not None


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) of ``text[start:end]``, split after 。！？ and closing quotes.

    >>> t = "推动消费。扩大投资！稳外贸"
    >>> [t[a:b] for a, b in split_sentences(t, 0, len(t))]
    ['推动消费。', '扩大投资！', '稳外贸']
    """
    spans = []
    pos = start
    for m in RE_SENTENCE_END.finditer(text, start, end):
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans = []
    pos = start
    for m in RE_CLAUSE_END.finditer(text, start, end):
        spans.append((pos, m.end()))
        pos = m.end()
    if spans and pos < end:
        spans.append((pos, end))
    return tuple(spans)


@dataclass(slots=True)
class _OpenSection:
    id: str
    title: str
    level: int
    part: Part
    start: int
    title_start: int
    title_end: int
    parent: str | None
    end: int = -1


def structure(text: str) -> Structure:
    """Find the sections, paragraphs and sentences of a normalised report text."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        if raw:
            lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1

    front_end, title, date_line, speaker_line, front_kinds = _front_matter(text, lines)

    sections: list[_OpenSection] = []
    stack: list[_OpenSection] = []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    in_appendix = False
    seen_heading = False
    closing_started = False

    def open_section(
        title_: str, level: int, part: Part | None, start: int, title_end: int, lead: str = ""
    ) -> _OpenSection:
        nonlocal stack
        while stack and stack[-1].level >= level:
            stack.pop().end = start
        parent = stack[-1] if stack else None
        if part is None:
            part = parent.part if parent else part_of_title(title_, lead)
        sec = _OpenSection(
            id=f"sec{len(sections) + 1}",
            title=title_,
            level=level,
            part=part,
            start=start,
            title_start=start,
            title_end=title_end,
            parent=parent.id if parent else None,
        )
        sections.append(sec)
        stack.append(sec)
        return sec

    for k, (a, b) in enumerate(lines):
        line = text[a:b]
        following = text[lines[k + 1][0] : lines[k + 1][1]] if k + 1 < len(lines) else None
        kind = front_kinds.get(k)
        if kind is not None:
            paragraphs.append(Paragraph(id=f"p{k + 1}", section=None, start=a, end=b, kind=kind))
            continue
        heading_end: int | None = None
        level = _numbered_level(line)
        if k < front_end:
            pass
        elif RE_SALUTATION.match(line):
            if not seen_heading and not sections:
                open_section(OPENING_TITLE, 1, "other", a, a)
            elif seen_heading and not closing_started and _is_closing(text, lines, k):
                closing_started = True
                open_section(CLOSING_TITLE, 1, "other", a, a)
        elif RE_APPENDIX.match(line) and _is_unnumbered_heading(line, following):
            in_appendix = True
            open_section(line, 1, "other", a, b)
            heading_end = b
        elif level is not None:
            end = a + _heading_title_end(line)
            lvl = level + 1 if in_appendix else level
            if in_appendix and lvl == 1:
                lvl = 2
            lead = line[end - a :] or following or ""
            open_section(line[: end - a], lvl, "other" if in_appendix else None, a, end, lead)
            heading_end = end
            seen_heading = True
        elif _is_unnumbered_heading(line, following):
            numbered_l1 = any(s.level == 1 and _numbered_level(s.title) for s in sections)
            lvl = (
                (stack[-1].level + 1 if stack and stack[-1].title != OPENING_TITLE else 1)
                if numbered_l1
                else 1
            )
            if in_appendix:
                lvl = max(lvl, 2)
            open_section(line, min(lvl, 4), "other" if in_appendix else None, a, b, following or "")
            heading_end = b
            seen_heading = True
        elif not sections:
            # Text before any heading and without a salutation: a lead, like the seed's summary
            # paragraph; it takes the part of the section that follows it (fixed below).
            open_section(LEAD_TITLE, 1, "other", a, a)

        section_id = stack[-1].id if stack else None
        pid = f"p{k + 1}"
        if heading_end == b:
            paragraphs.append(Paragraph(id=pid, section=section_id, start=a, end=b, kind="heading"))
            sentences.append(_sentence(text, len(sentences), section_id, pid, a, b))
            continue
        paragraphs.append(Paragraph(id=pid, section=section_id, start=a, end=b, kind="body"))
        for s, e in split_sentences(text, a, b):
            sentences.append(_sentence(text, len(sentences), section_id, pid, s, e))

    for sec in stack:
        sec.end = len(text)
    while stack:
        stack.pop()
    for i, sec in enumerate(sections):
        if sec.title == LEAD_TITLE:
            nxt = next((t for t in sections[i + 1 :] if t.level == 1), None)
            sec.part = nxt.part if nxt else "other"
    frozen = tuple(
        Section(
            id=s.id,
            title=s.title,
            level=s.level,
            part=s.part,
            start=s.start,
            end=s.end if s.end >= 0 else len(text),
            title_start=s.title_start,
            title_end=s.title_end,
            parent=s.parent,
        )
        for s in sections
    )
    return Structure(
        sections=frozen,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        title=title,
        date_line=date_line,
        speaker_line=speaker_line,
    )


def _sentence(text: str, n: int, section: str | None, paragraph: str, a: int, b: int) -> Sentence:
    return Sentence(
        id=f"s{n + 1}",
        section=section,
        paragraph=paragraph,
        start=a,
        end=b,
        text=text[a:b],
        clauses=_clauses(text, a, b),
    )


def _is_closing(text: str, lines: list[tuple[int, int]], k: int) -> bool:
    """A salutation in the last fifth of the report opens its closing address."""
    return lines[k][0] >= 0.8 * len(text) or k >= len(lines) - 3


def _front_matter(
    text: str, lines: list[tuple[int, int]]
) -> tuple[int, str | None, str | None, str | None, dict[int, ParagraphKind]]:
    """Title, date and speaker lines at the top, before the first body paragraph or salutation."""
    title = date_line = speaker = None
    kinds: dict[int, ParagraphKind] = {}
    k = 0
    for k, (a, b) in enumerate(lines[:8]):
        line = text[a:b]
        if RE_SALUTATION.match(line) or _numbered_level(line) is not None:
            break
        if RE_DATE_LINE.match(line):
            date_line = line
            kinds[k] = "date"
        elif date_line is None and RE_TITLE_LINE.search(line) and len(line) <= 40:
            title = line if title is None else title
            kinds[k] = "title"
        elif RE_SPEAKER_LINE.search(line) and len(line) <= 30:
            speaker = line
            kinds[k] = "speaker"
        elif (
            not RE_HEADING_PUNCT.search(line)
            and len(line) <= 40
            and k == len(kinds)
            and not date_line
            and k + 1 < len(lines)
        ):
            # A headline block (news summaries): short lines before any body text; a text of one
            # line is its own body (analyze("建设X产业园，新建5G基站1000个")), not a headline.
            nxt = text[lines[k + 1][0] : lines[k + 1][1]]
            if RE_HEADING_PUNCT.search(nxt) and len(nxt) > MAX_HEADING_CHARS and title is None and k == 0:
                break
            title = line if title is None else title
            kinds[k] = "title"
        else:
            break
    else:
        k = min(len(lines), 8)
    return k, title, date_line, speaker, kinds
