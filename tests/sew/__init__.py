"""Tests of the SEW Smart Customer Mobile client and its simulated portal."""
