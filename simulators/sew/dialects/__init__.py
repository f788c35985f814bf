"""Tenant dialects: how each SEW flavor reads requests and shapes answers."""
