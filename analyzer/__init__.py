"""analyzer: numeric commitments, named projects and positioning from Chinese government work reports.

>>> import analyzer
>>> report = analyzer.analyze("今年新建高标准农田1000亩。")
>>> report.document.text[:4]
'今年新建'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analyzer._version import __version__

# `compare` is both a submodule and a function: importing the submodule would rebind the
# package attribute to the module, so the function is bound eagerly here (the module only
# imports the standard library at load time).
from analyzer.compare import Comparison, Timeline, compare, timeline
from analyzer.errors import AnalyzerError, ConfigError, LoadError, OutputError

if TYPE_CHECKING:
    from analyzer.evaluate import evaluate_file
    from analyzer.export.graphs import write_graph
    from analyzer.graph import build_graph, view
    from analyzer.pipeline import SCHEMA_VERSION, Analyzer, Report, analyze
    from analyzer.positioning import load_framework

__all__ = [
    "SCHEMA_VERSION",
    "Analyzer",
    "AnalyzerError",
    "Comparison",
    "ConfigError",
    "LoadError",
    "OutputError",
    "Report",
    "Timeline",
    "__version__",
    "analyze",
    "build_graph",
    "compare",
    "evaluate_file",
    "load_framework",
    "timeline",
    "view",
    "write_graph",
]

# Public names and the modules that define them, imported on first use so that
# `import analyzer.normalize` stays light.
_LAZY = {
    "SCHEMA_VERSION": "analyzer.pipeline",
    "Analyzer": "analyzer.pipeline",
    "Report": "analyzer.pipeline",
    "analyze": "analyzer.pipeline",
    "evaluate_file": "analyzer.evaluate",
    "write_graph": "analyzer.export.graphs",
    "build_graph": "analyzer.graph",
    "view": "analyzer.graph",
    "load_framework": "analyzer.positioning",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'analyzer' has no attribute {name!r}")
