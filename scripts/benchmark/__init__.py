"""The benchmark behind scripts/bench (see its README section)."""
