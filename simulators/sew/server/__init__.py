"""The HTTP side of the simulated portal: app, clock, sessions, faults, pages, crypto."""
