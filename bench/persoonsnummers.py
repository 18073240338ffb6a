"""Valid persoonsnummers for benchmark files: nine digits passing the elfproef
(formats.md), so that an import benchmark runs the elfproef and the HMAC as a real file
does. Deterministic; no Django."""


def bsn(i: int) -> str:
    """The i-th nine-digit number that passes the elfproef (distinct for distinct i)."""
    basis = 100_000_000 + i * 11
    while True:
        cijfers = [int(c) for c in f"{basis:09d}"[:8]]
        laatste = sum(g * c for g, c in zip(range(9, 1, -1), cijfers, strict=True)) % 11
        if laatste < 10:
            return f"{basis:09d}"[:8] + str(laatste)
        basis += 1
