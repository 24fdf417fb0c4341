"""Helpers for tinypkg."""
