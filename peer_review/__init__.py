"""Peer review: cycles, reviews, panels, the assignment solver, visits and verslagen."""
