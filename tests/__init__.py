"""Tests for the SEW Utility & LG ThinQ integration."""
