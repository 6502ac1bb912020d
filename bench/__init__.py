"""Benchmarks (`make bench`, `make bench-scale`): synthetic inputs only, figures printed as tables."""
