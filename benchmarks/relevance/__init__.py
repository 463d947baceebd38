"""Benchmark 5: search relevance on a corpus nobody on the project wrote (see README.md)."""
