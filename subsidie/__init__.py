"""Subsidie: regelingen, plaatsingen, the telling (counting without double counting),
amounts and the verantwoording. Built in a later issue; a real app from the start so
that its migrations and URLs have a home."""
