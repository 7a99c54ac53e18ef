"""Factories of the directory app."""
