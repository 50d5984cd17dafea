"""The bench-only pieces of bench/scale.py: its settings, its data (on top of
bench/audit_bench/data.py's bulk load) and the endpoints it times. They live here, not
beside scale.py, because `make bench` runs every `bench/*.py` as a benchmark."""
