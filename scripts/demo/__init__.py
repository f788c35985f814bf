"""Home Assistant on the simulators: start, provision through public APIs, and check.

Used by scripts/develop, scripts/smoke and scripts/browser_check as
`python -m scripts.demo develop|smoke|browser` from the repository's root.
"""
