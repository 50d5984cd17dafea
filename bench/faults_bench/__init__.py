"""The pieces of bench/faults.py: its own PostgreSQL cluster and Redis, the processes it
runs and breaks, the fake outside systems, the load, and the counting."""
