"""Benchmarks: each module prints figures beside their targets; `run_all.py` writes RESULTS.md."""
