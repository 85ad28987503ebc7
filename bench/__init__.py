"""Broadsheet's benchmark (run.py), its WordPress comparator (wordpress.py) and the load test."""
