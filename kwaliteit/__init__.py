"""Kwaliteit: the kwaliteitskader as versions of data, the zelfevaluatie of each
partnership per year (scores, evidence, ontwikkelpunten), and the regional heatmap."""
