"""Factories of the evaluations app."""
