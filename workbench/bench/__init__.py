"""Benchmarks: each measures and returns numbers (the CLI prints them as JSON)."""
