"""Bench-only pieces of bench/receipt.py: the content it renders (`content.py`), the
render processes it drives (`worker.py`) and its figures (`figures.py`). They live here,
not beside receipt.py, because `make bench` runs every `bench/*.py` as a benchmark.
"""
