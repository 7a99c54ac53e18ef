"""Factories of the nominations app."""
