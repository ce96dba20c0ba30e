"""Small HTML fragments for notebooks (``_repr_html_``); every value from a report is escaped."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from analyzer.export.jsonout import number
from analyzer.records import Commitment, Project

if TYPE_CHECKING:
    from analyzer.pipeline import Report

__all__ = ["report_summary_html"]

TOP = 8


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def report_summary_html(report: Report) -> str:
    """Counts, the first commitments, achievements and projects, and the positions they serve."""
    d = report.document
    rows = [
        ("document", d.id),
        ("title", d.title),
        ("government", d.government),
        ("year", d.year),
        ("sections / sentences", f"{len(report.sections)} / {len(report.sentences)}"),
        (
            "commitments / achievements / projects",
            f"{len(report.commitments)} / {len(report.achievements)} / {len(report.projects)}",
        ),
    ]
    fw = report.extras.get("framework")
    if fw is not None:
        everything: list[Commitment | Project] = [*report.commitments, *report.achievements, *report.projects]
        counts = Counter((it.positions[0].id if it.positions else "none") for it in everything)
        rows.append((f"positions ({fw.name})", ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))))
    head = "".join(f"<tr><th style='text-align:left'>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    parts = [f"<div class='analyzer-report'><table>{head}</table>"]
    for title, items in (("commitments", report.commitments), ("achievements", report.achievements)):
        if not items:
            continue
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{_e(x)}</td>"
                for x in (
                    c.action,
                    c.object,
                    number(c.value),
                    c.unit,
                    c.bound,
                    c.period,
                    c.positions[0].id if c.positions else "",
                )
            )
            + "</tr>"
            for c in items[:TOP]
        )
        header = "".join(
            f"<th>{h}</th>" for h in ("action", "object", "value", "unit", "bound", "period", "position")
        )
        parts.append(f"<p><b>{_e(title)}</b> (first {min(TOP, len(items))} of {len(items)})</p>")
        parts.append(f"<table><tr>{header}</tr>{body}</table>")
    if report.projects:
        names = ", ".join(f"{_e(p.name)} <small>({_e(p.type)})</small>" for p in report.projects[: TOP * 2])
        parts.append(f"<p><b>projects</b>: {names}</p>")
    parts.append("</div>")
    return "".join(parts)
