"""Bench-only pieces of bench/audit.py: its settings (`settings.py`), the data it builds
in bulk SQL (`data.py`), the pages it times and checks (`pages.py`) and its figures
(`figures.py`). They live here, not beside audit.py, because `make bench` runs every
`bench/*.py` as a benchmark.
"""
