"""Measure a press agency's readiness for digital transformation and plan what to do next."""

__version__ = "0.1.0"
