"""pandas DataFrames of a report's records (pandas is imported lazily)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from analyzer.export.jsonout import commitment_to_dict
from analyzer.records import Commitment

if TYPE_CHECKING:
    from analyzer.pipeline import Report

__all__ = ["projects_frame", "records_frame"]

COMMITMENT_COLUMNS = [
    "document", "year", "status", "action", "object", "value", "value_max", "unit", "bound", "period",
    "text", "sentence", "sentence_id", "section", "part", "start", "end", "position",
]  # fmt: skip


def records_frame(report: Report, records: Iterable[Commitment]) -> Any:
    import pandas as pd

    rows = []
    for c in records:
        row = commitment_to_dict(c, report)
        positions = row.pop("positions")
        row["position"] = positions[0]["id"] if positions else None
        row["document"] = report.document.id
        row["year"] = report.document.year
        rows.append(row)
    return pd.DataFrame(rows, columns=COMMITMENT_COLUMNS)


def projects_frame(report: Report) -> Any:
    import pandas as pd

    rows = [
        {
            "document": report.document.id,
            "year": report.document.year,
            "name": p.name,
            "type": p.type,
            "mentions": len(p.mentions),
            "first_sentence": p.mentions[0].sentence if p.mentions else None,
            "start": p.mentions[0].start if p.mentions else None,
            "end": p.mentions[0].end if p.mentions else None,
            "position": p.positions[0].id if p.positions else None,
        }
        for p in report.projects
    ]
    cols = ["document", "year", "name", "type", "mentions", "first_sentence", "start", "end", "position"]
    return pd.DataFrame(rows, columns=cols)
