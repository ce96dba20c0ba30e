"""Extractors: quantities (numbers), numeric commitments and named projects."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analyzer.pipeline import Report
    from analyzer.positioning import Framework
    from analyzer.records import Commitment

__all__ = ["link_positions", "run_extractors"]


def run_extractors(report: Report, *, gazetteer: Mapping[str, str] | None = None) -> Report:
    """Return *report* with its commitments, achievements and projects filled in (names of
    *gazetteer*, see :mod:`analyzer.gazetteer`, are found verbatim too)."""
    from analyzer.extract.commitments import extract_commitments

    # tokens tile the text, so their starts and the text's end are every boundary, in order
    bounds = [t.start for t in report.tokens] + [len(report.document.text)]
    targets, achieved = extract_commitments(
        report.structure.sentences, report.structure.sections, year=report.document.year, boundaries=bounds
    )
    from analyzer.extract.projects import extract_projects

    projects = extract_projects(
        report.document.text, report.structure.sentences, report.tokens, gazetteer=gazetteer or ()
    )
    return dataclasses.replace(
        report, commitments=tuple(targets), achievements=tuple(achieved), projects=tuple(projects)
    )


def link_positions(report: Report, framework: Framework | None) -> Report:
    """Attach ``positions`` to every commitment, achievement and project (none without a framework)."""
    if framework is None:
        return report
    from analyzer.positioning import Linker
    from analyzer.segment import make_segmenter

    seg = make_segmenter(str(report.config.get("segmenter", "jieba")))
    linker = Linker(
        framework,
        report.structure.sentences,
        report.structure.sections,
        lambda text: [t.text for t in seg.tokenize(text)],
    )

    def with_links(c: Commitment) -> Commitment:
        focus = " ".join(x for x in (c.action, c.object) if x)
        return dataclasses.replace(c, positions=linker.link(c.sentence_id, focus, (c.start, c.end)))

    projects = tuple(
        dataclasses.replace(
            p, positions=linker.link(p.mentions[0].sentence, p.name, (p.mentions[0].start, p.mentions[0].end))
        )
        if p.mentions
        else p
        for p in report.projects
    )
    extras = dict(report.extras)
    extras["framework"] = framework
    extras["citations"] = tuple(linker.citations)
    return dataclasses.replace(
        report,
        commitments=tuple(with_links(c) for c in report.commitments),
        achievements=tuple(with_links(c) for c in report.achievements),
        projects=projects,
        extras=extras,
    )
