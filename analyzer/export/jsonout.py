"""The JSON form of a report: the public ``analyze --format json`` contract.

Keys named in the contract are never renamed or dropped; new keys may be added.  Chinese stays
unescaped (``ensure_ascii=False``); the output is deterministic for the same input.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from analyzer.records import Commitment, PositionLink, Project

if TYPE_CHECKING:
    from analyzer.pipeline import Report

__all__ = ["commitment_to_dict", "dumps", "number", "project_to_dict", "report_to_dict"]


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: an int when whole, else the nearest float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _position(p: PositionLink) -> dict[str, Any]:
    return {"id": p.id, "method": p.method, "confidence": round(p.confidence, 4), "evidence": p.evidence}


def commitment_to_dict(c: Commitment, report: Report) -> dict[str, Any]:
    return {
        "text": c.text,
        "sentence": c.sentence,
        "sentence_id": c.sentence_id,
        "section": c.section,
        "part": _part(report, c.section),
        "start": c.start,
        "end": c.end,
        "action": c.action,
        "object": c.object,
        "value": number(c.value),
        "value_max": number(c.value_max),
        "unit": c.unit,
        "bound": c.bound,
        "period": c.period,
        "status": c.status,
        "positions": [_position(p) for p in c.positions],
    }


def project_to_dict(p: Project, report: Report) -> dict[str, Any]:
    texts = {s.id: s.text for s in report.structure.sentences}
    return {
        "name": p.name,
        "type": p.type,
        "mentions": [
            {
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "sentence_id": m.sentence,
                "sentence": texts.get(m.sentence),
                "section": m.section,
            }
            for m in p.mentions
        ],
        "positions": [_position(x) for x in p.positions],
    }


def _framework_name(report: Report) -> str | None:
    fw = report.extras.get("framework")
    return f"{fw.name}@{fw.version}" if fw is not None else None


def _part(report: Report, section_id: str | None) -> str | None:
    sec = report.section(section_id)
    return sec.part if sec else None


def report_to_dict(report: Report) -> dict[str, Any]:
    d = report.document
    st = report.structure
    return {
        "schema_version": report.config.get("schema_version"),
        "document": {
            "id": d.id,
            "title": d.title,
            "government": d.government,
            "level": d.level,
            "region": d.region,
            "year": d.year,
            "date": d.date,
            "source": d.source,
            "path": d.path,
            "format": d.format,
            "encoding": d.encoding,
            "chars": len(d.text),
            "metadata_origin": dict(d.metadata_origin),
            "framework": _framework_name(report),
            "positions_cited": [
                {"id": c.id, "text": c.text, "start": c.start, "end": c.end, "sentence_id": c.sentence}
                for c in report.extras.get("citations", ())
            ],
            "text": d.text,
        },
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "level": s.level,
                "part": s.part,
                "start": s.start,
                "end": s.end,
                "parent": s.parent,
            }
            for s in st.sections
        ],
        "sentences": [
            {
                "id": s.id,
                "section": s.section,
                "paragraph": s.paragraph,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for s in st.sentences
        ],
        "commitments": [commitment_to_dict(c, report) for c in report.commitments],
        "achievements": [commitment_to_dict(c, report) for c in report.achievements],
        "projects": [project_to_dict(p, report) for p in report.projects],
        "warnings": list(report.warnings),
        "config": dict(report.config),
    }


def dumps(obj: Any, *, indent: int | None = 1) -> str:
    """Deterministic JSON text (keys in insertion order, Chinese unescaped, newline at the end)."""
    return json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"
