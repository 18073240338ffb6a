"""Subsidie: regelingen, plaatsingen, the telling (counting without double counting),
amounts and the verantwoording. It derives the counts from the other apps' data and
follows their changes through `telinvoer_gewijzigd` (receivers.py)."""
