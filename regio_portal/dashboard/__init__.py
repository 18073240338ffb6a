"""Dashboards at project level: they compose apps that do not know each other."""
