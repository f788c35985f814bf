"""Tests of the LG ThinQ v1 client and the simulated ThinQ cloud."""
