"""Long-term statistics for the Energy dashboard, against the simulated tenants."""
