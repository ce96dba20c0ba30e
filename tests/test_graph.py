"""The concept graph: kinds, provenance, merging across years, and the national series."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from analyzer.export.graphs import write_graph
from analyzer.graph import EDGE_TYPES, NODE_KINDS, build_graph

from .conftest import analyzed

NATIONAL = [f"cn-state-council-{y}" for y in range(2013, 2026)]


@pytest.fixture(scope="module")
def seed_graph() -> nx.MultiDiGraph:
    return build_graph([analyzed("xinghualing-2024")])


def test_seed_graph_has_every_kind_and_edge_type(seed_graph) -> None:
    kinds = {d["kind"] for _, d in seed_graph.nodes(data=True)}
    assert (
        {"document", "section", "position", "commitment", "project", "concept", "place"}
        <= kinds
        <= set(NODE_KINDS)
    )
    types = {d["type"] for *_, d in seed_graph.edges(data=True)}
    assert {"SUPPORTS", "IN_SECTION", "PART_OF", "MENTIONS", "CO_OCCURS"} <= types <= set(EDGE_TYPES)


def test_every_node_and_edge_carries_provenance(seed_graph) -> None:
    report = analyzed("xinghualing-2024")
    text = report.document.text
    for node, d in seed_graph.nodes(data=True):
        assert "document" in d and "year" in d, node
        if d["kind"] in ("commitment", "achievement"):
            assert text[d["start"] : d["end"]] in d["label"] and d["evidence"]
    for *_, d in seed_graph.edges(data=True):
        assert d["document"] == "xinghualing-2024" and d["year"] == 2024
        if d["type"] == "SUPPORTS":
            assert d["method"] in ("explicit", "section", "similarity") and d["evidence"]


def test_supports_edges_follow_the_primary_positions(seed_graph) -> None:
    report = analyzed("xinghualing-2024")
    c = next(c for c in report.commitments if c.positions)
    node = f"commitment:xinghualing-2024:{c.start}-{c.end}"
    targets = [v for _, v, k in seed_graph.out_edges(node, keys=True) if k == "SUPPORTS"]
    assert targets == [f"pos:{c.positions[0].id}"]


def test_graphs_of_several_years_merge_on_stable_ids() -> None:
    a, b = analyzed("shanxi-2025"), analyzed("shanxi-2026")
    g = build_graph([b, a])  # order does not matter
    assert g.graph["documents"] == ["shanxi-2025", "shanxi-2026"]
    both = {p.name for p in a.projects} & {p.name for p in b.projects}
    assert both
    name = sorted(both)[0]
    node = g.nodes[
        f"{'place' if name in {p.name for p in a.projects if p.type == 'place'} else 'project'}:{name}"
    ]
    assert node["documents"] == ["shanxi-2025", "shanxi-2026"]


@pytest.mark.slow
def test_national_series_graph_opens_as_graphml_and_in_the_viewer(tmp_path: Path) -> None:
    g = build_graph([analyzed(n) for n in NATIONAL])
    assert len(g.graph["documents"]) == 13
    write_graph(g, tmp_path / "national.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "national.graphml")
    assert back.number_of_nodes() == g.number_of_nodes()
    write_graph(g, tmp_path / "national.html", "html")
    dom = subprocess.run(
        [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", "--window-size=1200,800",
            "--virtual-time-budget=5000", (tmp_path / "national.html").as_uri(),
        ],
        capture_output=True, text=True, timeout=180, check=False,
    ).stdout  # fmt: skip
    drawn = re.search(r'data-drawn="(\d+)"', dom)  # set by the viewer once it has drawn the nodes
    assert drawn and int(drawn.group(1)) > 1000, dom[:300]
