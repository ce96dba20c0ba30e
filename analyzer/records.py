"""Frozen records that flow between the pipeline stages.

Offsets (``start``/``end``) always index the *normalised* document text (``Document.text``) with
Python string indices; :meth:`analyzer.normalize.OffsetMap.to_original` maps them back to the
text as it was read from the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from analyzer.normalize import OffsetMap

Part = Literal["review", "plan", "other"]
Bound = Literal["exact", "at_least", "at_most", "approx"]
Status = Literal["target", "achieved"]
ParagraphKind = Literal["body", "heading", "title", "date", "speaker"]


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded and normalised report."""

    id: str
    text: str
    original: str
    offsets: OffsetMap = field(repr=False)
    title: str | None = None
    government: str | None = None
    level: str | None = None
    region: str | None = None
    year: int | None = None
    date: str | None = None
    source: str | None = None
    path: str | None = None
    encoding: str | None = None
    format: str = "text"
    metadata_origin: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A titled section; ``start``/``end`` cover the heading and the body up to the next sibling."""

    id: str
    title: str
    level: int
    part: Part
    start: int
    end: int
    title_start: int
    title_end: int
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str
    section: str | None
    start: int
    end: int
    kind: ParagraphKind = "body"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence ending in 。！？ (or a paragraph end); ``clauses`` are its ；-separated parts."""

    id: str
    section: str | None
    paragraph: str
    start: int
    end: int
    text: str
    clauses: tuple[tuple[int, int], ...] = ()


class Token(NamedTuple):
    """A word of the segmented text (a named tuple: a report has ~10^4 of them, made fast)."""

    text: str
    start: int
    end: int
    pos: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an extracted item sits: document, section, sentence and character offsets."""

    document: str
    section: str | None
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Commitment:
    """A quantified pledge (status ``target``) or a reported result (status ``achieved``)."""

    text: str
    sentence: str
    sentence_id: str
    section: str | None
    start: int
    end: int
    action: str | None
    object: str | None
    value: Decimal
    value_max: Decimal | None
    unit: str
    bound: Bound
    period: str | None
    status: Status
    positions: tuple[PositionLink, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    start: int
    end: int
    sentence: str
    section: str | None


@dataclass(frozen=True, slots=True)
class Project:
    """A named project, park, zone, facility, platform, event, programme, org or place."""

    name: str
    type: str
    mentions: tuple[Mention, ...]
    positions: tuple[PositionLink, ...] = ()


@dataclass(frozen=True, slots=True)
class PositionLink:
    id: str
    method: Literal["explicit", "section", "similarity"]
    confidence: float
    evidence: str
