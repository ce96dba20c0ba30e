"""Extractors: quantities (numbers), numeric commitments and named projects."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analyzer.pipeline import Report

__all__ = ["run_extractors"]


def run_extractors(report: Report) -> Report:
    """Return *report* with its commitments, achievements and projects filled in."""
    from analyzer.extract.commitments import extract_commitments

    bounds = {t.start for t in report.tokens} | {t.end for t in report.tokens}
    targets, achieved = extract_commitments(
        report.structure.sentences, report.structure.sections, year=report.document.year, boundaries=bounds
    )
    return dataclasses.replace(report, commitments=tuple(targets), achievements=tuple(achieved))
