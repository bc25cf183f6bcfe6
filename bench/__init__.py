"""Benchmarks run by `make bench`; each prints a table. Not part of the test suite."""
