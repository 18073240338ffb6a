"""Charts as SVG text, for the pages (inline) and the PDF reports (as an image with alt
text). No JavaScript, no chart library, no CDN: the markup is small and the CSP stays
strict (presentation attributes, no style attributes).

Colour is never the only carrier (WCAG 1.4.1): every series has a legend entry with its
name, a pattern or marker of its own (hatching, line dash, marker shape) and the figures
are printed on the chart; the page puts the same numbers in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

KLEUR_DONKER = "#154273"
KLEUR_LICHT = "#007bc7"
KLEUR_TEKST = "#1a1a1a"
KLEUR_AS = "#595959"
LIJNKLEUREN = ("#154273", "#b35900", "#1a6b2e", "#6f2c91", "#b10000")
# A line per series: its dash pattern and marker shape, so print in grey still tells them apart.
STREEPJES = ("", "6 3", "2 3", "8 3 2 3", "1 1")
MARKERS = ("rondje", "vierkant", "driehoek", "ruit", "kruis")


@dataclass
class Svg:
    """The markup, and the text a screen reader or the PDF's alt text gives."""

    markup: str
    titel: str
    beschrijving: str

    def los(self) -> bytes:
        """A standalone SVG file (for <img> in a PDF)."""
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + self.markup).encode()


def _kop(id_: str, breedte: int, hoogte: int, titel: str, beschrijving: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{id_}-titel {id_}-uitleg" width="{breedte}" height="{hoogte}" '
        f'viewBox="0 0 {breedte} {hoogte}" font-family="DejaVu Sans, Arial, sans-serif">',
        f'<title id="{id_}-titel">{escape(titel)}</title>',
        f'<desc id="{id_}-uitleg">{escape(beschrijving)}</desc>',
    ]


def gestapelde_staven(
    jaren: list[dict],
    *,
    id_: str,
    titel: str,
    namen: tuple[str, str],
    geen_telling: str = "geen telling",
) -> Svg:
    """A stacked bar per year: `onder` (solid, dark) with `boven` (hatched, light) on
    top, the total above the bar, a legend with both names. jaren: label, onder, boven,
    and optionally geteld=False for a year without a count (shown as –, not as 0)."""
    hoogste = max((j["onder"] + j["boven"] for j in jaren), default=0) or 1
    stap, balk, hoogte, links, boven_marge = 64, 38, 150, 40, 22
    breedte = max(links + len(jaren) * stap + 10, 330)
    basis = boven_marge + hoogte
    totaal_hoogte = basis + 62
    beschrijving = "; ".join(
        f"{j['label']}: {j['onder']} {namen[0]}, {j['boven']} {namen[1]}"
        if j.get("geteld", True)
        else f"{j['label']}: {geen_telling}"
        for j in jaren
    )
    delen = _kop(id_, breedte, totaal_hoogte, titel, beschrijving)
    delen.append(
        f'<defs><pattern id="{id_}-arcering" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{KLEUR_LICHT}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2.5"/></pattern></defs>'
    )
    delen.append(
        f'<line x1="{links - 10}" y1="{basis}" x2="{breedte - 5}" y2="{basis}" '
        f'stroke="{KLEUR_AS}"/>'
    )
    for i, j in enumerate(jaren):
        x = links + i * stap
        h_onder = round(hoogte * j["onder"] / hoogste)
        h_boven = round(hoogte * j["boven"] / hoogste)
        midden = x + balk // 2
        delen.append(
            f'<rect x="{x}" y="{basis - h_onder}" width="{balk}" height="{h_onder}" '
            f'fill="{KLEUR_DONKER}"/>'
        )
        delen.append(
            f'<rect x="{x}" y="{basis - h_onder - h_boven}" width="{balk}" height="{h_boven}" '
            f'fill="url(#{id_}-arcering)" stroke="{KLEUR_LICHT}"/>'
        )
        delen.append(
            f'<text x="{midden}" y="{basis - h_onder - h_boven - 4}" font-size="11" '
            f'text-anchor="middle" fill="{KLEUR_TEKST}">'
            f"{j['onder'] + j['boven'] if j.get('geteld', True) else '–'}</text>"
        )
        delen.append(
            f'<text x="{midden}" y="{basis + 15}" font-size="10" text-anchor="middle" '
            f'fill="{KLEUR_TEKST}">{escape(j["label"])}</text>'
        )
    # Legend: a swatch of each fill with its name.
    y = basis + 32
    delen.append(
        f'<rect x="{links - 10}" y="{y}" width="14" height="14" fill="{KLEUR_DONKER}"/>'
        f'<text x="{links + 10}" y="{y + 11}" font-size="11" fill="{KLEUR_TEKST}">'
        f"{escape(namen[0])}</text>"
    )
    x2 = links + 10 + 9 * len(namen[0]) + 24
    delen.append(
        f'<rect x="{x2}" y="{y}" width="14" height="14" fill="url(#{id_}-arcering)" '
        f'stroke="{KLEUR_LICHT}"/><text x="{x2 + 20}" y="{y + 11}" font-size="11" '
        f'fill="{KLEUR_TEKST}">{escape(namen[1])}</text>'
    )
    delen.append("</svg>")
    return Svg("".join(delen), titel, beschrijving)


def _marker(soort: str, x: float, y: float, kleur: str) -> str:
    if soort == "vierkant":
        return f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" fill="{kleur}"/>'
    if soort == "driehoek":
        return f'<polygon points="{x},{y - 5} {x + 5},{y + 4} {x - 5},{y + 4}" fill="{kleur}"/>'
    if soort == "ruit":
        return f'<polygon points="{x},{y - 5} {x + 5},{y} {x},{y + 5} {x - 5},{y}" fill="{kleur}"/>'
    if soort == "kruis":
        return (
            f'<path d="M{x - 4} {y - 4}L{x + 4} {y + 4}M{x - 4} {y + 4}L{x + 4} {y - 4}" '
            f'stroke="{kleur}" stroke-width="2"/>'
        )
    return f'<circle cx="{x}" cy="{y}" r="4" fill="{kleur}"/>'


def lijnen_procent(
    labels: list[str], reeksen: list[dict], *, id_: str, titel: str, doel_tekst: str
) -> Svg:
    """Percentages (0–100) over the years, one line per series (naam, waarden with None
    for a year without data), each with its own colour, dash and marker, labelled at its
    end with its name and last value (labels pushed apart so they never overlap); a
    dashed line at 100%, named in the legend by doel_tekst. The table beside the chart
    has every value."""
    stap, links, boven_marge, hoogte = 70, 46, 14, 150
    rechts = 92  # room for the end labels
    laatste_x = links + max(len(labels) - 1, 1) * stap
    breedte = laatste_x + rechts
    basis = boven_marge + hoogte
    legenda_y = basis + 34
    totaal_hoogte = legenda_y + 20 * (len(reeksen) + 1) + 6

    def y_van(p: float) -> float:
        return round(basis - hoogte * p / 100, 1)

    beschrijving = "; ".join(
        f"{r['naam']}: "
        + ", ".join(
            f"{lab} {'–' if w is None else f'{w}%'}"
            for lab, w in zip(labels, r["waarden"], strict=True)
        )
        for r in reeksen
    )
    delen = _kop(id_, breedte, totaal_hoogte, titel, beschrijving or titel)
    for p in (0, 50, 100):
        delen.append(
            f'<text x="{links - 8}" y="{y_van(p) + 4}" font-size="10" text-anchor="end" '
            f'fill="{KLEUR_TEKST}">{p}%</text>'
        )
    delen.append(
        f'<line x1="{links}" y1="{basis}" x2="{breedte - 10}" y2="{basis}" stroke="{KLEUR_AS}"/>'
        f'<line x1="{links}" y1="{y_van(100)}" x2="{laatste_x}" y2="{y_van(100)}" '
        f'stroke="{KLEUR_AS}" stroke-dasharray="4 4"/>'
    )
    eindlabels = []
    for i, lab in enumerate(labels):
        delen.append(
            f'<text x="{links + i * stap}" y="{basis + 15}" font-size="10" text-anchor="middle" '
            f'fill="{KLEUR_TEKST}">{escape(lab)}</text>'
        )
    for n, r in enumerate(reeksen):
        kleur = LIJNKLEUREN[n % len(LIJNKLEUREN)]
        streep = STREEPJES[n % len(STREEPJES)]
        marker = MARKERS[n % len(MARKERS)]
        punten = [
            (links + i * stap, y_van(w), w) for i, w in enumerate(r["waarden"]) if w is not None
        ]
        if len(punten) > 1:
            streep_attr = f' stroke-dasharray="{streep}"' if streep else ""
            delen.append(
                f'<polyline points="{" ".join(f"{x},{y}" for x, y, _ in punten)}" fill="none" '
                f'stroke="{kleur}" stroke-width="2"{streep_attr}/>'
            )
        for x, y, _w in punten:
            delen.append(_marker(marker, x, y, kleur))
        if punten:
            x, y, w = punten[-1]
            eindlabels.append([y, x, f"{r['naam']} {w}%"])
        ly = legenda_y + 20 * n
        lijn_streep = f' stroke-dasharray="{streep}"' if streep else ""
        delen.append(
            f'<line x1="{links}" y1="{ly}" x2="{links + 28}" y2="{ly}" stroke="{kleur}" '
            f'stroke-width="2"{lijn_streep}/>'
            + _marker(marker, links + 14, ly, kleur)
            + f'<text x="{links + 36}" y="{ly + 4}" font-size="11" fill="{KLEUR_TEKST}">'
            f"{escape(r['naam'])}</text>"
        )
    # End labels at least 12 px apart, in the order of their lines.
    eindlabels.sort()
    for i in range(1, len(eindlabels)):
        eindlabels[i][0] = max(eindlabels[i][0], eindlabels[i - 1][0] + 12)
    for y, x, tekst in eindlabels:
        delen.append(
            f'<text x="{x + 9}" y="{y + 4}" font-size="10" fill="{KLEUR_TEKST}">'
            f"{escape(tekst)}</text>"
        )
    ly = legenda_y + 20 * len(reeksen)
    delen.append(
        f'<line x1="{links}" y1="{ly}" x2="{links + 28}" y2="{ly}" stroke="{KLEUR_AS}" '
        f'stroke-dasharray="4 4"/><text x="{links + 36}" y="{ly + 4}" font-size="11" '
        f'fill="{KLEUR_TEKST}">{escape(doel_tekst)}</text>'
    )
    delen.append("</svg>")
    return Svg("".join(delen), titel, beschrijving or titel)
