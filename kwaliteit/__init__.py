"""Kwaliteit: kwaliteitskader versions, zelfevaluaties and ontwikkelpunten (later issue)."""
