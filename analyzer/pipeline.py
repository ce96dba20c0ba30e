"""The :class:`Analyzer` facade: wires the stages and holds loaded resources."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from analyzer._version import __version__
from analyzer.errors import ConfigError, LoadError, check_choice
from analyzer.load import (
    DEFAULT_MAX_BYTES,
    REPORT_SUFFIXES,
    Loaded,
    load_file,
    manifest_entry,
    metadata_from_text,
)
from analyzer.normalize import normalize
from analyzer.positioning import Framework, load_framework, packaged_frameworks
from analyzer.records import Commitment, Document, Project, Section, Sentence, Token
from analyzer.segment import SEGMENTERS, make_segmenter
from analyzer.segment.lexicon import load_lexicon
from analyzer.structure import Structure, structure

__all__ = ["SCHEMA_VERSION", "Analyzer", "Report", "analyze"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True, slots=True)
class Report:
    """The analysis of one report: its document, structure, tokens and extracted items."""

    document: Document
    structure: Structure
    tokens: tuple[Token, ...]
    config: Mapping[str, Any]
    commitments: tuple[Commitment, ...] = ()
    achievements: tuple[Commitment, ...] = ()
    projects: tuple[Project, ...] = ()
    warnings: tuple[str, ...] = ()
    extras: Mapping[str, Any] = field(default_factory=dict)

    @property
    def sections(self) -> tuple[Section, ...]:
        return self.structure.sections

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.structure.sentences

    def section(self, section_id: str | None) -> Section | None:
        return next((s for s in self.structure.sections if s.id == section_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form (the ``analyze --format json`` contract)."""
        from analyzer.export.jsonout import report_to_dict

        return report_to_dict(self)

    def commitments_df(self) -> Any:
        """Commitments (status target) as a pandas DataFrame, one row per record."""
        from analyzer.export.tables import records_frame

        return records_frame(self, self.commitments)

    def achievements_df(self) -> Any:
        """Achieved results as a pandas DataFrame."""
        from analyzer.export.tables import records_frame

        return records_frame(self, self.achievements)

    def projects_df(self) -> Any:
        """Named projects, programmes, organisations and places as a DataFrame (one row per entity)."""
        from analyzer.export.tables import projects_frame

        return projects_frame(self)

    def _repr_html_(self) -> str:
        """A notebook summary: counts, the first items, positions; everything from the text escaped."""
        from analyzer.export.html import report_summary_html

        return report_summary_html(self)

    def __repr__(self) -> str:
        d = self.document
        return (
            f"<Report {d.id!r} {d.year or ''} {d.government or ''}: {len(self.structure.sections)} sections, "
            f"{len(self.structure.sentences)} sentences, {len(self.commitments)} commitments, "
            f"{len(self.achievements)} achievements, {len(self.projects)} projects>"
        )


class Analyzer:
    """Analyse reports with one configuration; loaded segmenters and lexicons are reused.

    Parameters follow scikit-learn's rule: ``__init__`` stores them, :meth:`get_config` reads them
    back, and that dict is written next to every output.

    >>> Analyzer(segmenter="jieba").get_config()["segmenter"]
    'jieba'
    """

    def __init__(
        self,
        segmenter: str = "jieba",
        *,
        spacy_base: str = "jieba",
        pos_tags: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        framework: str | None = "auto",
        gazetteer: str | os.PathLike[str] | Mapping[str, str] | None = None,
    ) -> None:
        self.segmenter = segmenter
        self.spacy_base = spacy_base
        self.pos_tags = pos_tags
        self.max_bytes = max_bytes
        self.framework = framework
        self.gazetteer = gazetteer
        self._validate()
        self._names: dict[str, str] = self._load_gazetteer()

    def _load_gazetteer(self) -> dict[str, str]:
        """The gazetteer's names and types: a TSV written by ``analyzer gazetteer``, or a mapping."""
        if self.gazetteer is None:
            return {}
        if isinstance(self.gazetteer, Mapping):
            return dict(self.gazetteer)
        from analyzer.gazetteer import read_gazetteer

        return read_gazetteer(self.gazetteer)

    def _validate(self) -> None:
        check_choice("segmenter", self.segmenter, SEGMENTERS)
        check_choice("spacy_base", self.spacy_base, ("jieba", "pkuseg"))
        if not isinstance(self.max_bytes, int) or self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be a positive integer; got {self.max_bytes!r}.")

    def get_config(self) -> dict[str, Any]:
        """Settings as a dict, with the versions of the code and the data that shape the output."""
        lex = load_lexicon()
        return {
            "analyzer_version": __version__,
            "schema_version": SCHEMA_VERSION,
            "segmenter": self.segmenter,
            "spacy_base": self.spacy_base,
            "pos_tags": self.pos_tags,
            "max_bytes": self.max_bytes,
            "lexicon": f"{lex.name}@{lex.version}",
            # the project vocabulary shapes the projects: a change to it must not be served from
            # a batch store's cache
            "project_lexicon": _project_lexicon_digest(),
            "framework": self.framework,
            "gazetteer": _gazetteer_config(self._names),
        }

    def load(self, source: str | os.PathLike[str], *, metadata: Mapping[str, Any] | None = None) -> Document:
        """Load and normalise a report (a path, or the report's text itself)."""
        if isinstance(source, os.PathLike) or _looks_like_path(source):
            path = Path(source)
            loaded = load_file(path, max_bytes=self.max_bytes)
            meta = dict(manifest_entry(path) or {})
        else:
            if not str(source).strip():
                raise LoadError("<text>", "empty: no text")
            loaded = Loaded(path=None, text=str(source), encoding=None, format="text")
            meta = {}
        if metadata:
            meta.update(metadata)
        return build_document(loaded, meta)

    def analyze(self, source: str | os.PathLike[str], *, metadata: Mapping[str, Any] | None = None) -> Report:
        """Analyse one report given as a path (txt, docx, pdf, html) or as its text."""
        self._validate()
        document = self.load(source, metadata=metadata)
        return self.analyze_document(document)

    def analyze_document(self, document: Document) -> Report:
        """Run structure, segmentation and extraction over a loaded document."""
        struct = structure(document.text)
        segmenter = make_segmenter(self.segmenter, pos_tags=self.pos_tags, base=self.spacy_base)
        tokens = tuple(segmenter.tokenize(document.text))
        report = Report(document=document, structure=struct, tokens=tokens, config=self.get_config())
        from analyzer.extract import link_positions, run_extractors

        return link_positions(run_extractors(report, gazetteer=self._names), self._framework_for(document))

    def _framework_for(self, document: Document) -> Framework | None:
        """The framework to link with: "auto" takes the packaged one whose region holds the report's."""
        if self.framework is None:
            return None
        if self.framework != "auto":
            return load_framework(self.framework)
        for name in packaged_frameworks():
            fw = load_framework(name)
            if fw.applies(document.region, document.government):
                return fw
        return None


def _gazetteer_config(names: Mapping[str, str]) -> str | None:
    """``<number of names>@<digest>`` of the gazetteer in use, or None."""
    if not names:
        return None
    from analyzer.gazetteer import gazetteer_digest

    return f"{len(names)}@{gazetteer_digest(names)}"


@functools.cache
def _project_lexicon_digest() -> str:
    """First 12 hex digits of the SHA-256 of the packaged project lexicon."""
    data = resources.files("analyzer.resources").joinpath("project_lexicon.json").read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]


def analyze(source: str | os.PathLike[str], **options: Any) -> Report:
    """Analyse one report with an :class:`Analyzer` made from *options*.

    >>> report = analyze("今年新建高标准农田1000亩。")
    >>> report.document.text
    '今年新建高标准农田1000亩。'
    """
    return Analyzer(**options).analyze(source)


def _looks_like_path(source: str) -> bool:
    """A string names a file when it has a report suffix or is an existing file."""
    if not source.strip() or "\n" in source or len(source) > 4096:
        return False
    if source.lower().endswith(REPORT_SUFFIXES):
        return True
    try:
        return Path(source).is_file()
    except (OSError, ValueError):  # a long line of text is no file name (ENAMETOOLONG, NUL)
        return False


def build_document(loaded: Loaded, meta: Mapping[str, Any]) -> Document:
    """Normalise loaded text and attach metadata: manifest first, then the text, then the file name."""
    text, offsets = normalize(loaded.text)
    found = metadata_from_text(loaded.text, filename=Path(loaded.path).name if loaded.path else None)
    raw_origin = found.pop("origin", None)
    origin: dict[str, str] = dict(raw_origin) if isinstance(raw_origin, dict) else {}
    merged: dict[str, Any] = dict(found)
    for key, value in meta.items():
        if value not in (None, ""):
            merged[key] = value
            origin[key] = "manifest"
    year = merged.get("year")
    try:
        year = int(year) if year not in (None, "") else None
    except (TypeError, ValueError):
        year = None
    if merged.get("id"):
        doc_id = str(merged["id"])
    elif loaded.path:
        doc_id = Path(loaded.path).stem
    else:
        doc_id = "text-" + hashlib.sha1(loaded.text.encode("utf-8")).hexdigest()[:12]
    return Document(
        id=doc_id,
        text=text,
        original=loaded.text,
        offsets=offsets,
        title=_str(merged.get("title")),
        government=_str(merged.get("government")),
        level=_str(merged.get("level")),
        region=_str(merged.get("region")),
        year=year,
        date=_str(merged.get("date")),
        source=_str(merged.get("source")) or loaded.path,
        path=loaded.path,
        encoding=loaded.encoding,
        format=loaded.format,
        metadata_origin=tuple(sorted(origin.items())),
    )


def _str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
