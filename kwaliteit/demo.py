"""The demo data of kwaliteit: the placeholder framework (through the framework import),
zelfevaluaties in several states and ontwikkelpunten, one past its deadline. Once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from partnerschappen.models import Partnerschap

from . import services
from .models import Kader, Ontwikkelpunt, Zelfevaluatie


def laden(*, door, uit) -> None:
    """The placeholder framework (through the framework import), zelfevaluaties in
    several states and ontwikkelpunten, one past its deadline. Once."""
    if Kader.objects.exists():
        return
    pad = Path(services.__file__).resolve().parent / "data" / "demo_kader.json"
    kader = services.kader_importeer(inhoud=pad.read_bytes(), door=door)
    services.kader_publiceer(kader=kader, door=door)
    teksten = {
        "1": "Onze visie is in 2023 door alle besturen en de hogeschool vastgesteld.",
        "2": "Het programma is afgestemd; inductie loopt op de meeste scholen.",
        "3": "Alle schoolopleiders zijn geschoold; werkplekbegeleiders deels.",
        "4": "We evalueren jaarlijks met studenten; delen kan beter.",
    }
    for code, jaar, patroon, indienen in (
        ("P-DPO", 2024, "2232", True),
        ("P-DPO", 2025, "3342", False),
        ("P-EVO", 2025, "3334", True),
        ("P-RDL", 2025, "2221", False),
        ("P-MBO", 2025, "1222", True),
    ):
        partnerschap = Partnerschap.objects.get(code=code)
        z = services.zelfevaluatie_start(partnerschap=partnerschap, jaar=jaar, door=door)
        antwoorden = {}
        for s in z.scores.select_related("kenmerk__waarborg"):
            w = s.kenmerk.waarborg.code
            score = patroon[int(w) - 1]
            # The draft of P-DPO 2025 is half done: waarborg 4 still open.
            if not indienen and w == "4":
                antwoorden[s.kenmerk_id] = ("", "", "")
            else:
                antwoorden[s.kenmerk_id] = (score, teksten[w], "")
        z = services.zelfevaluatie_opslaan(
            zelfevaluatie=z, revisie=z.revisie, antwoorden=antwoorden, door=door
        )
        if indienen:
            services.zelfevaluatie_indienen(zelfevaluatie=z, door=door)
    for code, waarborg, wat, deadline, status in (
        ("P-DPO", "3", "Scholing werkplekbegeleiders afronden", dt.date(2025, 6, 30), "bezig"),
        ("P-DPO", "4", "Studentenpanel twee keer per jaar", dt.date(2026, 6, 30), "open"),
        ("P-EVO", "2", "Inductieprogramma voor zij-instromers", dt.date(2026, 3, 1), "open"),
    ):
        services.ontwikkelpunt_opslaan(
            ontwikkelpunt=Ontwikkelpunt(
                partnerschap=Partnerschap.objects.get(code=code),
                waarborg_code=waarborg,
                wat=wat,
                eigenaar="Programmaleider",
                deadline=deadline,
                status=status,
                sinds_jaar=2024,
            ),
            door=door,
        )
    uit(f"kwaliteit: {kader}, {Zelfevaluatie.objects.count()} zelfevaluaties")
