"""The rules that must never break are enforced by the database itself, not only by
forms and services: these inserts bypass Django's validation and must fail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from partnerschappen.models import Lidmaatschap, Rol, Vestiging
from subsidie.models import Plaatsing, TellingSnapshot, Verantwoording


def _weigert(maak) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        maak()


def test_natural_keys_are_unique(wereld):
    v = wereld.vestiging_a
    _weigert(
        lambda: Vestiging.objects.bulk_create(
            [Vestiging(code=v.code, naam="dubbel", bestuur=v.bestuur)]
        )
    )
    p = wereld.plaatsing_a
    _weigert(
        lambda: Plaatsing.objects.bulk_create(
            [
                Plaatsing(
                    schooljaar=p.schooljaar,
                    partnerschap=p.partnerschap,
                    vestiging=p.vestiging,
                    instituut=p.instituut,
                    studentnummer=p.studentnummer,
                    startdatum=p.startdatum,
                    opleidingstype="pabo",
                    student_sleutel="x",
                )
            ]
        )
    )
    _weigert(
        lambda: Lidmaatschap.objects.bulk_create(
            [
                Lidmaatschap(
                    partnerschap=wereld.lid_a.partnerschap,
                    vestiging=wereld.lid_a.vestiging,
                    startdatum=wereld.lid_a.startdatum,
                )
            ]
        )
    )


def test_one_region_per_vestiging_is_the_shape_of_the_table(wereld):
    # A vestiging has one regio column (a foreign key), so two regions cannot be stored.
    veld = Vestiging._meta.get_field("regio")
    assert (veld.many_to_one, veld.many_to_many) == (True, False)


def test_dates_and_shapes_are_checked(wereld):
    p = wereld.plaatsing_a
    _weigert(lambda: Plaatsing.objects.filter(pk=p.pk).update(einddatum=dt.date(2020, 1, 1)))
    _weigert(
        lambda: Lidmaatschap.objects.filter(pk=wereld.lid_a.pk).update(
            einddatum=dt.date(2000, 1, 1)
        )
    )
    _weigert(lambda: Lidmaatschap.objects.filter(pk=wereld.lid_a.pk).update(vestiging=None))
    _weigert(lambda: Rol.objects.filter(soort="programmaleider").update(partnerschap=None))


def test_one_current_count_and_one_adopted_report_per_school_year(wereld):
    from subsidie.services import telling_bereken, verantwoording_aanvragen

    snapshot = telling_bereken(schooljaar=2025)
    _weigert(
        lambda: TellingSnapshot.objects.bulk_create(
            [
                TellingSnapshot(
                    schooljaar=2025,
                    regeling=snapshot.regeling,
                    parameters={},
                    vingerafdruk="x",
                    resultaat={},
                    actueel=True,
                )
            ]
        )
    )
    een = verantwoording_aanvragen(schooljaar=2025, door=None, partnerschap=wereld.partnerschap_a)
    twee = verantwoording_aanvragen(schooljaar=2025, door=None, partnerschap=wereld.partnerschap_a)
    Verantwoording.objects.filter(pk=een.pk).update(status="vastgesteld")
    _weigert(lambda: Verantwoording.objects.filter(pk=twee.pk).update(status="vastgesteld"))
    # Version numbers are unique per partnership and per region (also for regions, where
    # the partnership column is empty).
    _weigert(lambda: Verantwoording.objects.filter(pk=twee.pk).update(versie=een.versie))
    r1 = verantwoording_aanvragen(schooljaar=2025, door=None, regio=wereld.regio_a)
    r2 = verantwoording_aanvragen(schooljaar=2025, door=None, regio=wereld.regio_a)
    assert (r1.versie, r2.versie) == (1, 2)
    _weigert(lambda: Verantwoording.objects.filter(pk=r2.pk).update(versie=1))
    Verantwoording.objects.filter(pk=r1.pk).update(status="vastgesteld")
    _weigert(lambda: Verantwoording.objects.filter(pk=r2.pk).update(status="vastgesteld"))
    # A report is about a partnership or a region, never both or neither.
    _weigert(
        lambda: Verantwoording.objects.filter(pk=r2.pk).update(partnerschap=wereld.partnerschap_a)
    )


def test_one_zelfevaluatie_per_year_and_one_review_per_cycle(wereld):
    from kwaliteit.models import Zelfevaluatie
    from peer_review.models import Review
    from tests.peer_review.test_review import review_voor

    r = review_voor(wereld)
    z = r["review"].kritische_reflectie
    _weigert(
        lambda: Zelfevaluatie.objects.bulk_create(
            [Zelfevaluatie(partnerschap=z.partnerschap, jaar=z.jaar, kader=z.kader)]
        )
    )
    _weigert(
        lambda: Review.objects.bulk_create(
            [Review(cyclus=r["review"].cyclus, ontvangend=r["review"].ontvangend)]
        )
    )
