"""analyzer: numeric commitments, named projects and positioning from Chinese government work reports.

>>> import analyzer
>>> report = analyzer.analyze("今年新建高标准农田1000亩。")
>>> report.document.text[:4]
'今年新建'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analyzer._version import __version__
from analyzer.errors import AnalyzerError, ConfigError, LoadError, OutputError

if TYPE_CHECKING:
    from analyzer.pipeline import SCHEMA_VERSION, Analyzer, Report, analyze

__all__ = [
    "SCHEMA_VERSION",
    "Analyzer",
    "AnalyzerError",
    "ConfigError",
    "LoadError",
    "OutputError",
    "Report",
    "__version__",
    "analyze",
]

_LAZY = {"SCHEMA_VERSION", "Analyzer", "Report", "analyze"}


def __getattr__(name: str) -> Any:
    # The pipeline pulls in the loaders and segmenters; import it on first use so that
    # `import analyzer.normalize` stays light.
    if name in _LAZY:
        from analyzer import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'analyzer' has no attribute {name!r}")
