"""Reusable pieces of the dashboard. They draw what `tracker` computes; no rules live here."""
