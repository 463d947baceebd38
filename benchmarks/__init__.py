"""Benchmarks of wagtail-kb: one command each, every figure a ratio to a baseline run alongside."""
