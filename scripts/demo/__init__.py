"""Home Assistant on the simulators: start, provision through public APIs, and check.

One entry point: `python -m scripts.demo [--smoke | --browser-check]`, run by
scripts/develop from the repository's root.
"""
