"""Conversions of analysis results to files and tables (JSON, DataFrames, graphs)."""
