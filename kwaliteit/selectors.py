"""Reads of the kwaliteit module that know who asks."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Avg, IntegerField, Prefetch
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerschappen import selectors as org
from partnerschappen.models import Partnerschap, Regio
from regio_portal.core.schooljaar import schooljaar_label

from .models import Bewijsstuk, Ontwikkelpunt, Score, Waarborg, Zelfevaluatie
from .services import huidig_kader


def zelfevaluatie_voor_gebruiker(
    gebruiker, code: str, jaar: int, *, bewerken=False
) -> Zelfevaluatie:
    partnerschap = org.partnerschap_voor_gebruiker(gebruiker, code, bewerken=bewerken)
    zelfevaluatie = (
        Zelfevaluatie.objects.select_related("kader", "partnerschap", "bijgewerkt_door")
        .filter(partnerschap=partnerschap, jaar=jaar)
        .first()
    )
    if zelfevaluatie is None:
        raise Http404("Zelfevaluatie niet gevonden.")
    return zelfevaluatie


def bewijsstuk_voor_gebruiker(gebruiker, uuid) -> Bewijsstuk:
    bewijs = (
        Bewijsstuk.objects.select_related("zelfevaluatie__partnerschap").filter(uuid=uuid).first()
    )
    if (
        bewijs is None
        or not org.partnerschappen_zichtbaar_voor(gebruiker=gebruiker)
        .filter(pk=bewijs.zelfevaluatie.partnerschap_id)
        .exists()
    ):
        raise Http404("Bewijsstuk niet gevonden.")
    return bewijs


def mag_heropenen(gebruiker, partnerschap: Partnerschap) -> bool:
    """Kwartiermakers of a region the partnership works in, and beheerders."""
    if org.is_beheerder(gebruiker):
        return True
    return Regio.objects.filter(
        pk__in=org.regios_zichtbaar_voor(gebruiker=gebruiker).values("pk"),
        vestigingen__lidmaatschappen__partnerschap=partnerschap,
    ).exists()


def regio_heatmap(regio: Regio, jaar: int) -> dict:
    """Per partnership of the region: the zelfevaluatie of `jaar` (status) and the average
    numeric score per waarborg of the current framework; plus overdue ontwikkelpunten.
    A fixed number of queries, whatever the number of partnerships or kenmerken."""
    partnerschappen = list(
        Partnerschap.objects.filter(lidmaatschappen__vestiging__regio=regio)
        .distinct()
        .order_by("naam")
        .prefetch_related(
            Prefetch(
                "zelfevaluaties",
                queryset=Zelfevaluatie.objects.filter(jaar=jaar),
                to_attr="dit_jaar",
            )
        )
    )
    kader = huidig_kader()
    waarborgen = list(Waarborg.objects.filter(kader=kader)) if kader else []
    gemiddelden: dict = defaultdict(dict)
    for pid, wcode, gem in (
        Score.objects.filter(
            zelfevaluatie__jaar=jaar, zelfevaluatie__partnerschap__in=partnerschappen
        )
        .exclude(score__in=["", "nvt"])
        .values_list("zelfevaluatie__partnerschap_id", "kenmerk__waarborg__code")
        .annotate(gem=Avg(Cast("score", IntegerField())))
        .order_by()
    ):
        gemiddelden[pid][wcode] = round(gem, 1)
    rijen = []
    for p in partnerschappen:
        z = p.dit_jaar[0] if p.dit_jaar else None
        rijen.append(
            {
                "partnerschap": p,
                "status": z.get_status_display() if z else _("niet gestart"),
                "status_code": z.status if z else "niet_gestart",
                "zelfevaluatie": z,
                "cellen": [
                    {
                        "code": w.code,
                        "waarde": gemiddelden[p.pk].get(w.code),
                        "klasse": f"regio-heat-{int(gemiddelden[p.pk][w.code] + 0.5)}"
                        if w.code in gemiddelden[p.pk]
                        else "regio-heat-leeg",
                    }
                    for w in waarborgen
                ],
            }
        )
    te_laat = (
        Ontwikkelpunt.objects.filter(
            partnerschap__in=partnerschappen, deadline__lt=timezone.localdate()
        )
        .exclude(status=Ontwikkelpunt.Status.AFGEROND)
        .select_related("partnerschap")
    )
    # The legend: each colour-and-pattern class with its score and label (the kader's
    # own scale), so the heatmap never relies on colour alone.
    schaal = {s["waarde"]: s["label"] for s in (kader.schaal if kader else [])}
    legenda = [
        {"klasse": f"regio-heat-{n}", "waarde": str(n), "label": schaal.get(str(n), "")}
        for n in range(1, 5)
    ]
    return {
        "kader": kader,
        "waarborgen": waarborgen,
        "rijen": rijen,
        "te_laat": te_laat,
        "legenda": legenda,
    }


def zelfevaluatie_te_doen(partnerschap_ids, jaar: int) -> dict[int, list[tuple]]:
    """For the programmaleider's start page: the self-assessment of `jaar` not started
    or not submitted (("kwaliteit", text))."""
    status = dict(
        Zelfevaluatie.objects.filter(jaar=jaar, partnerschap_id__in=partnerschap_ids).values_list(
            "partnerschap_id", "status"
        )
    )
    taken: dict[int, list[tuple]] = {}
    for pk in partnerschap_ids:
        if pk not in status:
            tekst = _("De zelfevaluatie %(jaar)s is nog niet gestart.") % {
                "jaar": schooljaar_label(jaar)
            }
        elif status[pk] == Zelfevaluatie.Status.CONCEPT:
            tekst = _("De zelfevaluatie is nog niet ingediend.")
        else:
            continue
        taken[pk] = [("kwaliteit", tekst)]
    return taken


def hulp_gegevens() -> dict:
    """For the help page: the newest published kader's waarborgen and score scale (the
    scale is data per kader), or the default scale when none is published."""
    from .models import STANDAARD_SCHAAL  # noqa: PLC0415

    kader = huidig_kader()
    return {
        "kader": kader,
        "waarborgen": list(kader.waarborgen.order_by("code")) if kader else [],
        "schaal": kader.schaal if kader else STANDAARD_SCHAAL,
    }


def laatste_oordeel(partnerschap_ids) -> dict[int, dict]:
    """Per partnership: its most recent submitted zelfevaluatie with the average numeric
    score per waarborg (the heatmap's rule: '' and 'nvt' left out, one decimal), and its
    ontwikkelpunten not yet closed. For routes (samenwerking): three queries for any
    number of partnerships."""
    laatste: dict[int, Zelfevaluatie] = {}
    for z in (
        Zelfevaluatie.objects.filter(
            partnerschap_id__in=partnerschap_ids, status=Zelfevaluatie.Status.INGEDIEND
        )
        .select_related("kader")
        .order_by("partnerschap_id", "jaar")
    ):
        laatste[z.partnerschap_id] = z
    gemiddelden: dict = defaultdict(dict)
    for zid, code, titel, gem in (
        Score.objects.filter(zelfevaluatie__in=[z.pk for z in laatste.values()])
        .exclude(score__in=["", "nvt"])
        .values_list("zelfevaluatie_id", "kenmerk__waarborg__code", "kenmerk__waarborg__titel")
        .annotate(gem=Avg(Cast("score", IntegerField())))
        .order_by("kenmerk__waarborg__volgorde")
    ):
        gemiddelden[zid][code] = (titel, float(round(gem, 1)))
    punten: dict[int, list] = defaultdict(list)
    for o in (
        Ontwikkelpunt.objects.filter(partnerschap_id__in=partnerschap_ids)
        .exclude(status=Ontwikkelpunt.Status.AFGEROND)
        .order_by("deadline", "pk")
    ):
        punten[o.partnerschap_id].append(
            {
                "waarborg": o.waarborg_code,
                "wat": o.wat,
                "eigenaar": o.eigenaar,
                "deadline": o.deadline.isoformat(),
                "status": o.get_status_display(),
            }
        )
    uit = {}
    for pid in partnerschap_ids:
        z = laatste.get(pid)
        uit[pid] = {
            "jaar": z.jaar if z else None,
            "schooljaar": schooljaar_label(z.jaar) if z else "",
            "kader": str(z.kader) if z else "",
            "waarborgen": [
                {"code": code, "titel": titel, "gemiddelde": gem}
                for code, (titel, gem) in gemiddelden[z.pk].items()
            ]
            if z
            else [],
            "ontwikkelpunten": punten.get(pid, []),
        }
    return uit
