"""Simulated cloud services for development, tests and benchmarks."""
