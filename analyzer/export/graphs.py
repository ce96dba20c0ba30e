"""Export of the concept graph (a ``networkx.MultiDiGraph``) to files for other tools.

Naming follows :mod:`networkx.readwrite`: ``write_*`` write files (atomically, through
:mod:`analyzer.io`), ``generate_*`` / ``to_*`` return strings or in-memory objects.

========== ============================ =====================================================
format     function                     what is written
========== ============================ =====================================================
graphml    :func:`write_graphml`        GraphML (yEd, Gephi, Cytoscape, networkx); scalars only
gexf       :func:`write_gexf`           GEXF 1.2 (Gephi); scalars only
json       :func:`write_node_link`      networkx node-link JSON (``nodes`` / ``edges``)
cytoscape  :func:`write_cytoscape`      Cytoscape.js / Cytoscape desktop ``.cyjs`` JSON
neo4j      :func:`write_neo4j`          a folder of CSVs for ``neo4j-admin database import full``
                                        plus ``load.cypher`` (LOAD CSV) and ``README.txt``
turtle     :func:`write_turtle`         RDF Turtle, vocabulary below (rdflib reads it back)
jsonld     :func:`write_jsonld`         RDF JSON-LD, flattened and compacted (rdflib reads it)
html       :func:`write_html`           a self-contained offline viewer (canvas, no network)
========== ============================ =====================================================

Every output is deterministic: the same graph gives the same bytes (nodes and edges are sorted,
the layout has a fixed seed, no dates are written). Text is kept as it is (Chinese unescaped)
except characters that XML 1.0 forbids (C0 controls other than tab/newline/return, lone
surrogates, U+FFFE/U+FFFF), which become U+FFFD in every format.

GraphML and GEXF take scalars only (:func:`flatten`): lists are joined with ``|``, ``None`` is
dropped, an attribute with mixed types becomes float (int and float) or str.  GraphML edge ids
are ``e0``, ``e1``, … (unique, as Gephi and yEd need; the relation is the ``type`` attribute).
GEXF reserves ``start``/``end`` (time spells) and the edge ``type`` (directed/undirected), so
there they are written as ``char_start``/``char_end`` and ``relation`` (also the edge label).

RDF is written by this module from :func:`rdf_triples` (sorted; rdflib's own serializers take
over a minute on 5,000 nodes and do not fix an order); :func:`to_rdf` returns the same triples
as an ``rdflib.Graph``, and the tests parse both files back with rdflib.  ``None`` and empty
strings are not written; doubles are typed literals (``"0.42"^^xsd:double``).

RDF vocabulary (``az:`` = ``https://analyzer.invalid/vocab#``; node IRIs are
``https://analyzer.invalid/id/`` + the percent-encoded node id):

=================== ===================================================================
term                meaning
=================== ===================================================================
az:Document         a report (node kind ``document``)
az:Section          a section of a report (``section``)
az:Position         a strategic positioning of the framework (``position``)
az:Commitment       a numeric commitment (``commitment``)
az:Achievement      an achieved result (``achievement``)
az:Project          a named project (``project``)
az:Concept          a policy concept (``concept``)
az:Place            a place (``place``)
az:Org              an organisation (``org``)
az:Graph            the graph itself (``<…/id/graph>``): rdfs:label = name, az:framework,
                    az:document (one per document id)
rdfs:label          ``label``
az:nodeId           the node id as in the graph
az:document         ``document`` (and each of ``documents``): a document id string
az:year             ``year`` (xsd:integer)
az:start, az:end    character offsets (xsd:integer)
az:evidence         the sentence the node or relation was read from
az:value            ``value`` (xsd:double); az:valueMax = ``value_max``
az:unit, az:bound,  commitment/achievement scalars (strings)
az:status,
az:action,
az:object,
az:period
az:projectType      project ``type``
az:part, az:level   section ``part`` (string) and ``level`` (integer)
az:name, az:score   position ``name``, concept ``score`` (xsd:double)
az:idAttribute      a node attribute called ``id`` (rare; az:nodeId is always the node id)
az:<camelCase>      any other node attribute, e.g. ``foo_bar`` -> az:fooBar
az:supports         SUPPORTS edge (direct triple subject -> object)
az:inSection        IN_SECTION edge
az:partOf           PART_OF edge
az:mentions         MENTIONS edge
az:locatedIn        LOCATED_IN edge
az:coOccurs         CO_OCCURS edge
az:Relation         qualified relation node, one per edge that has attributes besides its
                    type; also typed az:Support, az:SectionMembership, az:Part, az:Mention,
                    az:Location or az:CoOccurrence.  IRI ``<…/id/rel/{u}/{TYPE}/{v}>``
az:from, az:to      the relation's subject and object nodes
az:relation         the direct property the relation qualifies (e.g. az:supports)
az:method           SUPPORTS method: explicit, section, similarity
az:confidence       xsd:double
az:weight           CO_OCCURS weight (xsd:double); also az:evidence, az:document,
                    az:year, az:start, az:end on relations
=================== ===================================================================
"""

from __future__ import annotations

import base64
import contextlib
import csv
import functools
import hashlib
import html
import io
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

import networkx as nx

from analyzer.errors import ConfigError, OutputError
from analyzer.io import write_bytes, write_text

__all__ = [
    "FORMATS",
    "KIND_COLOURS",
    "NAMESPACE",
    "flatten",
    "generate_gexf",
    "generate_graphml",
    "generate_html",
    "generate_jsonld",
    "generate_turtle",
    "layout",
    "rdf_triples",
    "to_cytoscape",
    "to_jsonld",
    "to_node_link",
    "to_rdf",
    "write_cytoscape",
    "write_gexf",
    "write_graph",
    "write_graphml",
    "write_html",
    "write_jsonld",
    "write_neo4j",
    "write_node_link",
    "write_turtle",
]

FORMATS = ("graphml", "gexf", "json", "cytoscape", "neo4j", "turtle", "jsonld", "html")

NAMESPACE = "https://analyzer.invalid/vocab#"
ID_BASE = "https://analyzer.invalid/id/"

KIND_COLOURS = {
    "document": "#334155",
    "section": "#94a3b8",
    "position": "#dc2626",
    "commitment": "#2563eb",
    "achievement": "#16a34a",
    "project": "#f59e0b",
    "concept": "#9333ea",
    "place": "#0891b2",
    "org": "#db2777",
}
OTHER_COLOUR = "#6b7280"
_EXTRA_COLOURS = ("#84cc16", "#7c2d12", "#0f766e", "#a21caf", "#ca8a04", "#1e3a8a")

EDGE_PROPERTIES = {
    "SUPPORTS": ("supports", "Support"),
    "IN_SECTION": ("inSection", "SectionMembership"),
    "PART_OF": ("partOf", "Part"),
    "MENTIONS": ("mentions", "Mention"),
    "LOCATED_IN": ("locatedIn", "Location"),
    "CO_OCCURS": ("coOccurs", "CoOccurrence"),
}
NODE_PROPERTIES = {"type": "projectType", "value_max": "valueMax", "id": "idAttribute"}

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# ---------------------------------------------------------------------------------------------
# values


def _clean(text: str) -> str:
    """*text* without characters XML 1.0 forbids (they become U+FFFD)."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def _plain(value: Any) -> Any:
    """A JSON-able plain value: numpy scalars unwrapped, NaN/inf -> None, containers recursed."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=_sort_key)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    item = getattr(value, "item", None)  # numpy scalar
    if callable(item):
        with contextlib.suppress(TypeError, ValueError):
            return _plain(item())
    return _clean(str(value))


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _scalar(value: Any) -> Any:
    """A GraphML/GEXF scalar (bool, int, float or str) or None to drop the attribute."""
    value = _plain(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        parts = [_scalar(v) for v in value]
        return "|".join("" if p is None else str(p) for p in parts)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


@functools.lru_cache(maxsize=4096)
def _camel(name: str) -> str:
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", name) if p]
    if not parts:
        return "attr" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    head = parts[0][0].lower() + parts[0][1:]
    return head + "".join(p[0].upper() + p[1:] for p in parts[1:])


def _node_key(node: Any) -> str:
    return str(node)


def _edges_sorted(graph: nx.Graph) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    if graph.is_multigraph():
        edges = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    else:
        edges = [(u, v, d.get("type"), d) for u, v, d in graph.edges(data=True)]
    return sorted(edges, key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def _edge_type(key: Any, data: Mapping[str, Any]) -> str:
    kind = data.get("type", key)
    return str(kind) if kind is not None else "RELATED_TO"


def _sorted_copy(
    graph: nx.Graph, convert: Callable[[Any], Any], *, drop_none: bool = False
) -> nx.MultiDiGraph:
    """A MultiDiGraph with nodes and edges in sorted order and attributes passed through *convert*.

    With *drop_none*, attributes whose converted value is None are left out.
    """

    def attrs(data: Mapping[str, Any]) -> dict[str, Any]:
        out = {}
        for name in sorted(data, key=str):
            value = convert(data[name])
            if value is not None or not drop_none:
                out[_clean(str(name))] = value
        return out

    out = nx.MultiDiGraph()
    out.graph.update(attrs(graph.graph))
    for node in sorted(graph.nodes, key=_node_key):
        out.add_node(node, **attrs(graph.nodes[node]))
    for u, v, key, data in _edges_sorted(graph):
        out.add_edge(u, v, key=key, **attrs(data))
    return out


def _unify_types(items: Iterable[dict[str, Any]]) -> None:
    """Give every attribute one type across *items* (int+float -> float, other mixes -> str)."""
    items = list(items)
    types: dict[str, set[type]] = {}
    for data in items:
        for name, value in data.items():
            types.setdefault(name, set()).add(type(value))
    for name, found in types.items():
        if len(found) < 2:
            continue
        target: Callable[[Any], Any] = float if found <= {int, float} else _as_text
        for data in items:
            if name in data:
                data[name] = target(data[name])


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flatten(graph: nx.Graph) -> nx.MultiDiGraph:
    """A sorted copy of *graph* whose attributes are all scalars, for GraphML and GEXF.

    Lists are joined with ``|``, ``None`` values are dropped, mappings become JSON text, and an
    attribute that has different types on different nodes (or edges) gets one type.

    >>> g = nx.MultiDiGraph(documents=["a", "b"])
    >>> g.add_node("n", label="新质生产力", value=None, year=2024, tags=["x", "y"])
    >>> f = flatten(g)
    >>> f.graph["documents"], f.nodes["n"]
    ('a|b', {'label': '新质生产力', 'tags': 'x|y', 'year': 2024})
    """
    out = _sorted_copy(graph, _scalar, drop_none=True)
    _unify_types(data for _, data in out.nodes(data=True))
    _unify_types(data for _, _, data in out.edges(data=True))
    return out


# ---------------------------------------------------------------------------------------------
# GraphML, GEXF, node-link JSON, Cytoscape


class _GraphMLWriter(nx.readwrite.graphml.GraphMLWriter):
    """networkx's writer with unique edge ids ``e0``, ``e1``, … (Gephi and yEd drop repeated ids)."""

    def add_edges(self, G: nx.Graph, graph_element: Any) -> None:
        default = G.graph.get("edge_default", {})
        for i, (u, v, data) in enumerate(G.edges(data=True)):
            element = self.myElement("edge", source=str(u), target=str(v), id=f"e{i}")
            self.add_attributes("edge", element, data, default)
            graph_element.append(element)


def generate_graphml(graph: nx.Graph) -> str:
    """GraphML text of *graph* (see :func:`flatten`).

    Edge ids are ``e0``, ``e1``, … in sorted order (networkx reads them back as edge keys); the
    relation is the edge attribute ``type``.
    """
    writer = _GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(flatten(graph))
    writer.indent(writer.xml)
    body = ElementTree.tostring(writer.xml, encoding="unicode")  # Chinese as text, not &#...;
    body = body.replace("\r", "&#13;")  # a raw CR would be read back as a line feed
    return "<?xml version='1.0' encoding='utf-8'?>\n" + body


def write_graphml(graph: nx.Graph, path: str | os.PathLike[str]) -> None:
    write_text(path, _ensure_newline(generate_graphml(graph)))


def _gexf_ready(graph: nx.Graph) -> nx.MultiDiGraph:
    flat = flatten(graph)
    renames = {"start": "char_start", "end": "char_end", "pid": "parent_id", "id": "node_id"}
    for _, data in flat.nodes(data=True):
        for old, new in renames.items():
            if old in data:
                data[new] = data.pop(old)
        for reserved in ("viz", "parents", "spells", "slices"):
            if reserved in data:
                data[f"{reserved}_attr"] = data.pop(reserved)
    edge_renames = {"start": "char_start", "end": "char_end", "type": "relation", "id": "edge_id"}
    for _, _, key, data in flat.edges(keys=True, data=True):
        relation = data.get("type", key)
        for old, new in edge_renames.items():
            if old in data:
                data[new] = data.pop(old)
        for reserved in ("viz", "spells", "slices", "label"):
            if reserved in data:
                data[f"{reserved}_attr"] = data.pop(reserved)
        if relation is not None:
            data["label"] = str(relation)
        if "weight" in data and not isinstance(data["weight"], (int, float)):
            data["weight_attr"] = data.pop("weight")
    return flat


def generate_gexf(graph: nx.Graph) -> bytes:
    """GEXF 1.2 bytes of *graph*, without the writer's ``lastmodifieddate`` (for determinism)."""
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    for meta in writer.xml.iter("meta"):
        meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(_gexf_ready(graph))
    buf = io.BytesIO()
    writer.write(buf)
    text = buf.getvalue().decode("utf-8").replace("\r", "&#13;")  # a raw CR is read back as LF
    return _ensure_newline(text).encode("utf-8")


def write_gexf(graph: nx.Graph, path: str | os.PathLike[str]) -> None:
    write_bytes(path, generate_gexf(graph))


def _dumps(data: Any) -> str:
    """JSON with sorted keys, Chinese unescaped, one list item per line (diffable and fast).

    Dicts are spread over lines down to the first list; list items are written on one line each.
    """

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False, separators=(",", ":"))

    def spread(value: Any, depth: int) -> str:
        pad, inner = " " * depth, " " * (depth + 1)
        if isinstance(value, list) and value:
            return "[\n" + ",\n".join(inner + compact(v) for v in value) + "\n" + pad + "]"
        if isinstance(value, dict) and value and depth < 3:
            items = [
                f"{inner}{compact(str(k))}: {spread(value[k], depth + 1)}" for k in sorted(value, key=str)
            ]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        return compact(value)

    return spread(data, 0) + "\n"


def to_node_link(graph: nx.Graph) -> dict[str, Any]:
    """networkx node-link data (``edges="edges"``) with plain JSON values, in sorted order."""
    ordered = _sorted_copy(graph, _plain)
    return nx.node_link_data(ordered, edges="edges")


def write_node_link(graph: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Node-link JSON; read back with ``nx.node_link_graph(data, edges="edges")``."""
    write_text(path, _dumps(to_node_link(graph)))


def to_cytoscape(graph: nx.Graph) -> dict[str, Any]:
    """Cytoscape.js elements JSON (also imported by Cytoscape desktop as ``.cyjs``).

    Node ``data`` holds ``id`` plus the node attributes; edge ``data`` holds ``id`` (``e0``, …),
    ``source``, ``target``, ``key`` plus the edge attributes.
    """
    ordered = _sorted_copy(graph, _plain)
    nodes = [{"data": {**data, "id": str(node)}} for node, data in ordered.nodes(data=True)]
    edges = [
        {"data": {**data, "id": f"e{i}", "source": str(u), "target": str(v), "key": _plain(k)}}
        for i, (u, v, k, data) in enumerate(ordered.edges(keys=True, data=True))
    ]
    return {
        "format_version": "1.0",
        "generated_by": "analyzer",
        "target_cytoscapejs_version": "~3",
        "data": dict(ordered.graph),
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }


def write_cytoscape(graph: nx.Graph, path: str | os.PathLike[str]) -> None:
    write_text(path, _dumps(to_cytoscape(graph)))


def _ensure_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


# ---------------------------------------------------------------------------------------------
# Neo4j


def _neo4j_name(text: str, *, upper: bool = False) -> str:
    name = re.sub(r"[^0-9A-Za-z_]+", "_", text).strip("_") or "x"
    if name[0].isdigit():
        name = "_" + name
    return name.upper() if upper else name[0].upper() + name[1:]


def _neo4j_columns(rows: list[dict[str, Any]], first: Iterable[str]) -> list[tuple[str, str]]:
    """(attribute, neo4j type) for every attribute in *rows*, *first* ones first, others sorted."""
    found: dict[str, set[type]] = {}
    for row in rows:
        for name, value in row.items():
            if value is not None:
                found.setdefault(name, set()).add(type(value))
    first = [f for f in first if f in found]
    names = first + sorted(n for n in found if n not in first)
    columns = []
    for name in names:
        types = found[name]
        if list in types:
            kind = "string[]"
        elif types == {bool}:
            kind = "boolean"
        elif types == {int}:
            kind = "long"
        elif types <= {int, float}:
            kind = "double"
        else:
            kind = "string"
        columns.append((name, kind))
    return columns


def _neo4j_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "string[]":
        items = value if isinstance(value, list) else [value]
        return "|".join(_as_text(_scalar(v) if not isinstance(v, str) else v) for v in items)
    if kind == "double":
        return repr(float(value))
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _as_text(value)


def _header(name: str, kind: str) -> str:
    return name if kind == "string" else f"{name}:{kind}"


def _csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _cypher_value(column: str, kind: str) -> str:
    ref = f"row.`{column}`"
    return {
        "long": f"toInteger({ref})",
        "double": f"toFloat({ref})",
        "boolean": f"toBoolean({ref})",
        "string[]": f"split({ref}, '|')",
    }.get(kind, ref)


def _cypher_prop(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


NEO4J_NODE_LABEL = "AnalyzerNode"


def _neo4j_files(graph: nx.Graph) -> dict[str, str]:
    """File name -> text of the Neo4j import folder."""
    ordered = _sorted_copy(graph, _plain)
    files: dict[str, str] = {}
    cypher = [
        "// Load the graph with LOAD CSV: copy the CSV files of this folder into the import",
        "// directory of the database (see README.txt), then run: cypher-shell -f load.cypher",
        f"CREATE CONSTRAINT analyzer_node_id IF NOT EXISTS FOR (n:{NEO4J_NODE_LABEL}) REQUIRE n.id IS UNIQUE;",
        "",
    ]
    node_files, rel_files = [], []

    by_kind: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
    for node, data in ordered.nodes(data=True):
        by_kind.setdefault(str(data.get("kind") or "node"), []).append((node, data))
    used: set[str] = set()
    for kind in sorted(by_kind):
        label = _neo4j_name(kind)
        stem = _unique(f"nodes_{label.lower()}", used)
        rows = [{k: v for k, v in data.items() if k != "kind"} for _, data in by_kind[kind]]
        columns = _neo4j_columns(rows, ("label", "document", "documents", "year", "start", "end"))
        header = ["id:ID", "kind"] + [_header(n, t) for n, t in columns] + [":LABEL"]
        body = [
            [str(node), kind]
            + [_neo4j_cell(row.get(n), t) for n, t in columns]
            + [f"{NEO4J_NODE_LABEL};{label}"]
            for (node, _), row in zip(by_kind[kind], rows, strict=True)
        ]
        files[f"{stem}.csv"] = _csv_text(header, body)
        node_files.append(f"{stem}.csv")
        sets = [f"n:`{label}`", "n.kind = row.kind"] + [
            f"n.{_cypher_prop(n)} = {_cypher_value(_header(n, t), t)}" for n, t in columns
        ]
        cypher += [
            f"LOAD CSV WITH HEADERS FROM 'file:///{stem}.csv' AS row",
            f"MERGE (n:{NEO4J_NODE_LABEL} {{id: row.`id:ID`}})",
            "SET " + ",\n    ".join(sets) + ";",
            "",
        ]

    by_type: dict[str, list[tuple[Any, Any, dict[str, Any]]]] = {}
    for u, v, key, data in ordered.edges(keys=True, data=True):
        by_type.setdefault(_edge_type(key, data), []).append((u, v, data))
    for etype in sorted(by_type):
        rel = _neo4j_name(etype, upper=True)
        stem = _unique(f"relationships_{rel}", used)
        rows = [{k: v for k, v in data.items() if k != "type"} for _, _, data in by_type[etype]]
        columns = _neo4j_columns(
            rows, ("method", "confidence", "weight", "evidence", "document", "year", "start", "end")
        )
        header = [":START_ID", ":END_ID", ":TYPE"] + [_header(n, t) for n, t in columns]
        body = [
            [str(u), str(v), rel] + [_neo4j_cell(row.get(n), t) for n, t in columns]
            for (u, v, _), row in zip(by_type[etype], rows, strict=True)
        ]
        files[f"{stem}.csv"] = _csv_text(header, body)
        rel_files.append(f"{stem}.csv")
        sets = [f"r.{_cypher_prop(n)} = {_cypher_value(_header(n, t), t)}" for n, t in columns]
        cypher += [
            f"LOAD CSV WITH HEADERS FROM 'file:///{stem}.csv' AS row",
            f"MATCH (a:{NEO4J_NODE_LABEL} {{id: row.`:START_ID`}}), (b:{NEO4J_NODE_LABEL} {{id: row.`:END_ID`}})",
            f"CREATE (a)-[r:`{rel}`]->(b)" + (";" if not sets else ""),
        ]
        if sets:
            cypher.append("SET " + ",\n    ".join(sets) + ";")
        cypher.append("")

    files["load.cypher"] = "\n".join(cypher).rstrip("\n") + "\n"
    files["README.txt"] = _neo4j_readme(node_files, rel_files, ordered.graph.get("name"))
    return files


def _unique(stem: str, used: set[str]) -> str:
    name, i = stem, 2
    while name.lower() in used:
        name, i = f"{stem}_{i}", i + 1
    used.add(name.lower())
    return name


def _neo4j_readme(node_files: list[str], rel_files: list[str], name: Any) -> str:
    args = [f"    --nodes=import/{f}" for f in node_files] + [
        f"    --relationships=import/{f}" for f in rel_files
    ]
    title = f"Graph {name!s}" if name else "Graph"
    return "\n".join(
        [
            f"{title}: Neo4j import files written by analyzer (UTF-8 CSV, RFC 4180 quoting).",
            "",
            "Files",
            "  nodes_<kind>.csv            one per node kind; columns id:ID, kind, the attributes",
            "                              (typed as name:long / name:double / name:string[]), :LABEL",
            f"                              (every node has the label {NEO4J_NODE_LABEL} and its kind label)",
            "  relationships_<TYPE>.csv    one per relationship type; :START_ID, :END_ID, :TYPE, attributes",
            "  load.cypher                 the same import with LOAD CSV (MERGE nodes by id, CREATE relationships)",
            "",
            "Lists (string[]) are joined with '|'. Text fields may contain line breaks inside quotes.",
            "",
            "1. Bulk import into a new, empty database (the database must be stopped):",
            "   copy the CSV files into <neo4j-home>/import/, then from <neo4j-home> run",
            "",
            "   bin/neo4j-admin database import full \\",
            *[a + " \\" for a in args],
            "    --multiline-fields=true --array-delimiter='|' --overwrite-destination \\",
            "    neo4j",
            "",
            "   then, in the running database, add the index that load.cypher also creates:",
            f"   CREATE CONSTRAINT analyzer_node_id IF NOT EXISTS FOR (n:{NEO4J_NODE_LABEL}) REQUIRE n.id IS UNIQUE;",
            "",
            "2. LOAD CSV into a running database (also adds to an existing one):",
            "   copy the CSV files into the database's import directory (server.directories.import,",
            "   <neo4j-home>/import by default), then run",
            "",
            "   bin/cypher-shell -u neo4j -p <password> -f load.cypher",
            "",
            "   (or paste the statements into Neo4j Browser; for very large graphs wrap each",
            "   LOAD CSV in CALL { ... } IN TRANSACTIONS and run it with :auto).",
            "",
        ]
    )


def write_neo4j(graph: nx.Graph, folder: str | os.PathLike[str]) -> list[Path]:
    """Write the Neo4j import folder; it is built next to *folder* and renamed into place.

    An existing *folder* is replaced as a whole (never half-written).  Returns the files written.
    """
    target = Path(folder)
    files = _neo4j_files(graph)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder")
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputError(f"{target}: cannot write here: {exc.strerror or exc}") from exc
    old: Path | None = None
    try:
        for name, text in files.items():
            write_text(tmp / name, text)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.replace(target, old / target.name)
        os.replace(tmp, target)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not target.exists() and (old / target.name).exists():
            with contextlib.suppress(OSError):
                os.replace(old / target.name, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{target}: write failed: {exc.strerror or exc}") from exc
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return [target / name for name in sorted(files)]


# ---------------------------------------------------------------------------------------------
# RDF
#
# Triples are built as plain tuples and serialised here (rdflib's Turtle and JSON-LD serializers
# take 80 s and 30 s on a 5,000-node graph and do not promise an order); :func:`to_rdf` gives
# an ``rdflib.Graph`` of the same triples, and the tests parse both outputs back with rdflib.

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF_NS + "type"
RDFS_LABEL = RDFS_NS + "label"
XSD_INTEGER, XSD_DOUBLE, XSD_BOOLEAN = XSD_NS + "integer", XSD_NS + "double", XSD_NS + "boolean"
PREFIXES = {"az": NAMESPACE, "id": ID_BASE, "rdf": RDF_NS, "rdfs": RDFS_NS, "xsd": XSD_NS}
JSONLD_CONTEXT = dict(PREFIXES)

# An object is ("iri", iri, "") or ("lit", lexical form, datatype IRI or "" for a plain string).
_Object = tuple[str, str, str]
_Triple = tuple[str, str, _Object]


def _iri(node: Any) -> str:
    return ID_BASE + quote(str(node), safe="")


def _literals(value: Any) -> list[_Object]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [lit for v in value for lit in _literals(v)]
    if isinstance(value, bool):
        return [("lit", "true" if value else "false", XSD_BOOLEAN)]
    if isinstance(value, int):
        return [("lit", str(value), XSD_INTEGER)]
    if isinstance(value, float):
        return [("lit", repr(value), XSD_DOUBLE)] if math.isfinite(value) else []
    if isinstance(value, dict):
        return [("lit", json.dumps(value, ensure_ascii=False, sort_keys=True), "")]
    return [("lit", str(value), "")]


def _property(name: str, renames: Mapping[str, str]) -> str:
    if name == "label":
        return RDFS_LABEL
    if name in ("document", "documents"):
        return NAMESPACE + "document"
    return NAMESPACE + renames.get(name, _camel(name))


def _numeric(name: str, value: Any) -> Any:
    if name in ("value", "value_max", "score", "confidence", "weight"):
        if isinstance(value, list):
            return [_to_float(v) for v in value]
        return _to_float(value)
    return value


def _to_float(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return float(value)


def rdf_triples(graph: nx.Graph) -> list[_Triple]:
    """The RDF triples of *graph*, sorted and without duplicates (vocabulary: module docstring)."""
    ordered = _sorted_copy(graph, _plain)
    triples: set[_Triple] = set()
    predicates: dict[tuple[str, bool], str] = {}
    iris = {node: _iri(node) for node in ordered}

    def add_values(subject: str, name: str, value: Any, renames: Mapping[str, str]) -> None:
        predicate = predicates.get((name, bool(renames)))
        if predicate is None:
            predicate = predicates[name, bool(renames)] = _property(name, renames)
        for obj in _literals(_numeric(name, value)):
            triples.add((subject, predicate, obj))

    root = ID_BASE + "graph"
    triples.add((root, RDF_TYPE, ("iri", NAMESPACE + "Graph", "")))
    for name, value in ordered.graph.items():
        add_values(root, "label" if name == "name" else name, value, {})

    for node, data in ordered.nodes(data=True):
        subject = iris[node]
        kind = str(data.get("kind") or "node")
        triples.add((subject, RDF_TYPE, ("iri", NAMESPACE + _neo4j_name(kind), "")))
        triples.add((subject, NAMESPACE + "nodeId", ("lit", _clean(str(node)), "")))
        for name, value in data.items():
            if name != "kind":
                add_values(subject, name, value, NODE_PROPERTIES)

    for u, v, key, data in ordered.edges(keys=True, data=True):
        etype = _edge_type(key, data)
        prop_name, class_name = EDGE_PROPERTIES.get(etype, (_camel(etype.lower()), ""))
        predicate = NAMESPACE + prop_name
        s, o = iris[u], iris[v]
        triples.add((s, predicate, ("iri", o, "")))
        extra = {name: val for name, val in data.items() if name != "type"}
        if not any(_literals(val) for val in extra.values()):
            continue
        rel = f"{ID_BASE}rel/{quote(str(u), safe='')}/{quote(etype, safe='')}/{quote(str(v), safe='')}"
        triples.add((rel, RDF_TYPE, ("iri", NAMESPACE + "Relation", "")))
        if class_name:
            triples.add((rel, RDF_TYPE, ("iri", NAMESPACE + class_name, "")))
        triples.add((rel, NAMESPACE + "from", ("iri", s, "")))
        triples.add((rel, NAMESPACE + "to", ("iri", o, "")))
        triples.add((rel, NAMESPACE + "relation", ("iri", predicate, "")))
        for name, value in extra.items():
            add_values(rel, name, value, {})
    return sorted(triples)


def to_rdf(graph: nx.Graph) -> Any:
    """An ``rdflib.Graph`` of :func:`rdf_triples` (needs rdflib)."""
    try:
        from rdflib import Graph, Literal, URIRef
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError("RDF graphs need rdflib: pip install rdflib") from exc
    out = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)

    def term(obj: _Object) -> Any:
        if obj[0] == "iri":
            return URIRef(obj[1])
        return Literal(obj[1], datatype=URIRef(obj[2]) if obj[2] else None)

    for s, p, o in rdf_triples(graph):
        out.add((URIRef(s), URIRef(p), term(o)))
    return out


_PN_LOCAL = re.compile(r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2})*\Z")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_TURTLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _turtle_iri(iri: str) -> str:
    if iri == RDF_TYPE:
        return "a"
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and _PN_LOCAL.match(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"


def _turtle_object(obj: _Object) -> str:
    if obj[0] == "iri":
        return _turtle_iri(obj[1])
    _, lexical, datatype = obj
    if datatype in (XSD_INTEGER, XSD_BOOLEAN):
        return lexical
    text = '"' + re.sub(r'[\\"\n\r\t]', lambda m: _TURTLE_ESCAPES[m.group()], lexical) + '"'
    return text + "^^" + _turtle_iri(datatype) if datatype else text


def _by_subject(triples: list[_Triple]) -> list[tuple[str, list[tuple[str, list[_Object]]]]]:
    """Subjects in order, each with its predicates (rdf:type first) and their objects."""
    subjects: dict[str, dict[str, list[_Object]]] = {}
    for s, p, o in triples:
        subjects.setdefault(s, {}).setdefault(p, []).append(o)
    out = []
    for s in sorted(subjects):  # already in order when *triples* is sorted: cheap
        props = subjects[s]
        order = sorted(props, key=lambda p: (p != RDF_TYPE, p))
        out.append((s, [(p, props[p]) for p in order]))
    return out


def generate_turtle(graph: nx.Graph) -> str:
    """Turtle text of :func:`rdf_triples`: subjects, predicates and objects in sorted order."""
    lines = [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in sorted(PREFIXES.items())]
    names: dict[str, str] = {}

    def name(iri: str) -> str:
        text = names.get(iri)
        if text is None:
            text = names[iri] = _turtle_iri(iri)
        return text

    for subject, props in _by_subject(rdf_triples(graph)):
        lines.append("")
        lines.append(name(subject))
        for i, (predicate, objects) in enumerate(props):
            end = " ." if i == len(props) - 1 else " ;"
            values = ",\n        ".join(name(o[1]) if o[0] == "iri" else _turtle_object(o) for o in objects)
            lines.append(f"    {name(predicate)} {values}{end}")
    return "\n".join(lines) + "\n"


def write_turtle(graph: nx.Graph, path: str | os.PathLike[str]) -> None:
    write_text(path, generate_turtle(graph))


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        rest = iri[len(namespace) :]
        if iri.startswith(namespace) and rest and not rest.startswith("//"):
            return f"{prefix}:{rest}"
    return iri


def _jsonld_value(obj: _Object) -> Any:
    if obj[0] == "iri":
        return {"@id": _compact(obj[1])}
    _, lexical, datatype = obj
    if datatype == XSD_INTEGER:
        return int(lexical)
    if datatype == XSD_BOOLEAN:
        return lexical == "true"
    if datatype:
        return {"@value": lexical, "@type": _compact(datatype)}
    return lexical


def to_jsonld(graph: nx.Graph) -> dict[str, Any]:
    """JSON-LD (flattened, compacted with :data:`JSONLD_CONTEXT`) of :func:`rdf_triples`."""
    nodes = []
    for subject, props in _by_subject(rdf_triples(graph)):
        node: dict[str, Any] = {"@id": _compact(subject)}
        for predicate, objects in props:
            if predicate == RDF_TYPE and all(o[0] == "iri" for o in objects):
                key, values = "@type", [_compact(o[1]) for o in objects]
            else:
                key, values = _compact(predicate), [_jsonld_value(o) for o in objects]
            node[key] = values[0] if len(values) == 1 else values
        nodes.append(node)
    return {"@context": JSONLD_CONTEXT, "@graph": nodes}


def generate_jsonld(graph: nx.Graph) -> str:
    return _dumps(to_jsonld(graph))


def write_jsonld(graph: nx.Graph, path: str | os.PathLike[str]) -> None:
    write_text(path, generate_jsonld(graph))


# ---------------------------------------------------------------------------------------------
# layout and HTML viewer


def layout(
    graph: nx.Graph, *, seed: int = 42, iterations: int = 50, exact_limit: int = 600
) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold positions in [0, 1000]², deterministic for a given graph and seed.

    A numpy implementation (``networkx.spring_layout`` takes minutes on 5,000 nodes): exact
    repulsion up to *exact_limit* nodes, above it repulsion within a grid cell is exact and the
    other cells act through their centroids.  Edge directions and multiplicities are ignored.
    """
    import numpy as np

    nodes = sorted(graph.nodes, key=_node_key)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (500.0, 500.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges() if u != v})
    src = np.array([p[0] for p in pairs], dtype=np.int64)
    dst = np.array([p[1] for p in pairs], dtype=np.int64)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k) if n <= exact_limit else _grid_repulsion(pos, k)
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
            force = delta * (dist / k)[:, None]
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(src, force[:, axis], minlength=n)
                disp[:, axis] += np.bincount(dst, force[:, axis], minlength=n)
        disp -= (pos - pos.mean(axis=0)) * (0.5 * k * math.sqrt(n))  # gravity: keeps components close
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 0.01)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.min(axis=0)
    span = float(pos.max()) or 1.0
    pos = pos / span * 1000.0
    return {node: (round(float(x), 2), round(float(y), 2)) for node, (x, y) in zip(nodes, pos, strict=True)}


def _repulsion(pos: Any, k: float) -> Any:
    import numpy as np

    n = len(pos)
    disp = np.zeros_like(pos)
    step = max(1, 4_000_000 // n)
    for i in range(0, n, step):
        dx = pos[i : i + step, 0, None] - pos[None, :, 0]
        dy = pos[i : i + step, 1, None] - pos[None, :, 1]
        weight = (k * k) / np.maximum(dx * dx + dy * dy, 1e-4)
        disp[i : i + step, 0] = (dx * weight).sum(axis=1)
        disp[i : i + step, 1] = (dy * weight).sum(axis=1)
    return disp


def _grid_repulsion(pos: Any, k: float) -> Any:
    import numpy as np

    n = len(pos)
    side = max(4, int(math.sqrt(n / 16)))
    lo = pos.min(axis=0)
    span = float((pos.max(axis=0) - lo).max()) or 1.0
    cell_xy = np.minimum(((pos - lo) / span * side).astype(np.int64), side - 1)
    cell = cell_xy[:, 0] * side + cell_xy[:, 1]
    counts = np.bincount(cell, minlength=side * side)
    occupied = np.flatnonzero(counts)
    cx = np.bincount(cell, pos[:, 0], minlength=side * side)[occupied] / counts[occupied]
    cy = np.bincount(cell, pos[:, 1], minlength=side * side)[occupied] / counts[occupied]
    mass = counts[occupied].astype(float) * (k * k)
    own = np.searchsorted(occupied, cell)
    disp = np.zeros_like(pos)
    step = max(1, 4_000_000 // max(len(occupied), 1))
    for i in range(0, n, step):
        dx = pos[i : i + step, 0, None] - cx[None, :]
        dy = pos[i : i + step, 1, None] - cy[None, :]
        weight = mass[None, :] / np.maximum(dx * dx + dy * dy, 1e-4)
        weight[np.arange(len(dx)), own[i : i + step]] = 0.0  # the node's own cell is done exactly below
        disp[i : i + step, 0] = (dx * weight).sum(axis=1)
        disp[i : i + step, 1] = (dy * weight).sum(axis=1)
    # exact repulsion between the nodes of one cell (each pair once)
    order = np.argsort(cell, kind="stable")
    sorted_cells = cell[order]
    ends = np.searchsorted(sorted_cells, sorted_cells, side="right")
    partners = ends - np.arange(n) - 1  # later nodes of the same cell
    total = int(partners.sum())
    if total:
        a = np.repeat(np.arange(n), partners)
        b = a + 1 + np.arange(total) - np.repeat(np.cumsum(partners) - partners, partners)
        a, b = order[a], order[b]
        dx = pos[a, 0] - pos[b, 0]
        dy = pos[a, 1] - pos[b, 1]
        weight = (k * k) / np.maximum(dx * dx + dy * dy, 1e-4)
        for axis, delta in ((0, dx), (1, dy)):
            force = delta * weight
            disp[:, axis] += np.bincount(a, force, minlength=n) - np.bincount(b, force, minlength=n)
    return disp


def _kind_colours(kinds: Iterable[str]) -> dict[str, str]:
    colours = {}
    extra = iter(_EXTRA_COLOURS)
    for kind in kinds:
        colours[kind] = KIND_COLOURS.get(kind) or next(extra, OTHER_COLOUR)
    return colours


def _viewer_data(graph: nx.Graph, title: str) -> dict[str, Any]:
    ordered = _sorted_copy(graph, _plain)
    coords = layout(ordered)
    nodes = list(ordered.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    present = {str(d.get("kind") or "node") for _, d in ordered.nodes(data=True)}
    kinds = [k for k in KIND_COLOURS if k in present] + sorted(present - set(KIND_COLOURS))
    colours = _kind_colours(kinds)
    counts = {k: 0 for k in kinds}
    edge_types: list[str] = sorted({_edge_type(k, d) for _, _, k, d in ordered.edges(keys=True, data=True)})
    type_index = {t: i for i, t in enumerate(edge_types)}
    position_nodes = [i for i, node in enumerate(nodes) if ordered.nodes[node].get("kind") == "position"]
    linked: dict[int, set[int]] = {}
    edges = []
    for u, v, key, data in ordered.edges(keys=True, data=True):
        etype = _edge_type(key, data)
        edges.append([index[u], index[v], type_index[etype]])
        if etype == "SUPPORTS":
            for a, b in ((u, v), (v, u)):
                if ordered.nodes[b].get("kind") == "position":
                    linked.setdefault(index[a], set()).add(index[b])
    node_rows = []
    for i, (node, data) in enumerate(ordered.nodes(data=True)):
        kind = str(data.get("kind") or "node")
        counts[kind] += 1
        x, y = coords[node]
        node_rows.append(
            {
                "id": _clean(str(node)),
                "label": _clean(str(data.get("label") or node)),
                "kind": kind,
                "x": x,
                "y": y,
                "attrs": {k: v for k, v in data.items() if k not in ("label", "kind")},
                "pos": sorted(linked.get(i, ())),
            }
        )
    return {
        "title": title,
        "graph": dict(ordered.graph),
        "kinds": [{"kind": k, "color": colours[k], "count": counts[k]} for k in kinds],
        "edgeTypes": edge_types,
        "positions": position_nodes,
        "nodes": node_rows,
        "edges": edges,
    }


def _script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _template() -> str:
    return resources.files("analyzer.export").joinpath("viewer.html").read_text(encoding="utf-8")


def generate_html(graph: nx.Graph, *, title: str | None = None) -> str:
    """The self-contained viewer page of *graph* (no network access; works from ``file://``).

    Positions come from :func:`layout`; the graph is embedded as JSON in
    ``<script type="application/json" id="graph-data">`` with ``<``, ``>``, ``&``, U+2028 and
    U+2029 escaped, and the page's Content-Security-Policy only lets the viewer's own script
    (by hash) run.  The viewer opens a node with ``#node=<id>`` and searches with ``#q=<text>``.
    """
    if title is None:
        title = str(graph.graph.get("name") or "analyzer graph")
    title = _clean(title)
    template = _template()
    scripts = re.findall(r"<script>(.*?)</script>", template, flags=re.S)
    styles = re.findall(r"<style>(.*?)</style>", template, flags=re.S)
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_csp_hash(s) for s in scripts),
            "style-src " + " ".join(_csp_hash(s) for s in styles),
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    values = {
        "TITLE": html.escape(title, quote=True),
        "CSP": html.escape(csp, quote=False),  # no double quotes in it; single quotes are fine
        "DATA": _script_json(_viewer_data(graph, title)),
    }
    return re.sub(r"\{\{(TITLE|CSP|DATA)\}\}", lambda m: values[m.group(1)], template)


def write_html(graph: nx.Graph, path: str | os.PathLike[str], *, title: str | None = None) -> None:
    write_text(path, generate_html(graph, title=title))


# ---------------------------------------------------------------------------------------------
# dispatch


def write_graph(graph: nx.Graph, path: str | os.PathLike[str], fmt: str) -> list[Path]:
    """Write *graph* to *path* in format *fmt* (one of :data:`FORMATS`); return the files written.

    ``neo4j`` writes a folder at *path*; every other format writes the one file *path*.

    >>> write_graph(nx.MultiDiGraph(), "g.xml", "graphm")
    Traceback (most recent call last):
    ...
    analyzer.errors.ConfigError: format must be one of 'graphml', 'gexf', 'json', 'cytoscape', 'neo4j', 'turtle', 'jsonld', 'html'; got 'graphm'.
    """
    from analyzer.errors import check_choice

    check_choice("format", fmt, FORMATS)
    target = Path(path)
    if fmt == "neo4j":
        return write_neo4j(graph, target)
    writers: dict[str, Callable[[nx.Graph, Path], None]] = {
        "graphml": write_graphml,
        "gexf": write_gexf,
        "json": write_node_link,
        "cytoscape": write_cytoscape,
        "turtle": write_turtle,
        "jsonld": write_jsonld,
        "html": write_html,
    }
    writers[fmt](graph, target)
    return [target]
