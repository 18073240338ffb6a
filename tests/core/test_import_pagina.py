"""The upload page: upload, preview (nothing written), confirm (written), bad file."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerschappen.models import Lidmaatschap
from regio_portal.core.models import Importbestand


def _upload(client, inhoud: bytes, soort="lidmaatschappen", naam="leden.csv"):
    return client.post(
        reverse("core:import_start"),
        {"soort": soort, "bestand": SimpleUploadedFile(naam, inhoud, content_type="text/csv")},
    )


def test_upload_preview_then_confirm(client_als, wereld):
    client = client_als("pl_a")
    voor = Lidmaatschap.objects.filter(partnerschap=wereld.partnerschap_a).count()
    antwoord = _upload(
        client, b"partnerschap;soort;code;startdatum\nP-A;vestiging;02BB00;01-08-2025\n"
    )
    importbestand = Importbestand.objects.get()
    assert antwoord["Location"] == reverse("core:import_detail", kwargs={"pk": importbestand.pk})
    assert (importbestand.status, importbestand.samenvatting, importbestand.fouten) == (
        "gecontroleerd",
        {"aangemaakt": 1, "bijgewerkt": 0, "ongewijzigd": 0, "verwijderd": 0},
        [],
    )
    assert Lidmaatschap.objects.filter(partnerschap=wereld.partnerschap_a).count() == voor

    pagina = client.get(antwoord["Location"]).content.decode()
    assert "Bevestigen en importeren" in pagina

    bevestigd = client.post(reverse("core:import_bevestig", kwargs={"pk": importbestand.pk}))
    assert bevestigd.status_code == 302
    importbestand.refresh_from_db()
    assert importbestand.status == "klaar"
    assert importbestand.bestand.name == ""  # the uploaded file is not kept after import
    assert Lidmaatschap.objects.filter(partnerschap=wereld.partnerschap_a).count() == voor + 1

    # Confirming twice does nothing more.
    client.post(reverse("core:import_bevestig", kwargs={"pk": importbestand.pk}))
    assert Lidmaatschap.objects.filter(partnerschap=wereld.partnerschap_a).count() == voor + 1


def test_upload_with_errors_shows_them_and_cannot_be_confirmed(client_als, wereld):
    client = client_als("pl_a")
    _upload(client, b"partnerschap,soort,code,startdatum\nP-A,vestiging,02BB00,31-02-2025\n")
    importbestand = Importbestand.objects.get()
    assert importbestand.status == "fouten"
    assert importbestand.fouten == [
        "rij 2: startdatum: '31-02-2025' is geen geldige datum (gebruik 2025-09-01 of 01-09-2025)"
    ]
    pagina = client.get(
        reverse("core:import_detail", kwargs={"pk": importbestand.pk})
    ).content.decode()
    assert "Het bestand bevat 1 fout. Er is niets opgeslagen." in pagina
    assert "rij 2: startdatum: &#x27;31-02-2025&#x27; is geen geldige datum" in pagina
    assert "Bevestigen en importeren" not in pagina
    client.post(reverse("core:import_bevestig", kwargs={"pk": importbestand.pk}))
    importbestand.refresh_from_db()
    assert importbestand.status == "fouten"


def test_upload_binary_garbage_is_a_clear_error(client_als, wereld):
    client = client_als("pl_a")
    _upload(client, b"\x00\x01\x02\xff\xfe", naam="leden.csv")
    assert Importbestand.objects.get().fouten == ["Het bestand is geen CSV- of Excel-bestand."]


def test_upload_kind_not_allowed_for_programmaleider(client_als, wereld):
    client = client_als("pl_a")
    antwoord = _upload(client, b"code,naam\n21XX,Nieuw\n", soort="instituten")
    assert antwoord.status_code == 200
    assert antwoord.context["form"].errors == {
        "soort": ["Selecteer een geldige keuze. instituten is geen beschikbare keuze."]
    }
    assert Importbestand.objects.count() == 0


def test_a_refused_upload_keeps_its_errors_but_not_the_file(client_als, wereld, settings, tmp_path):
    """Issue 16, fault 7: a refused file (it may hold student data, and can never be
    imported) stayed in media/importen for 30 days."""

    settings.MEDIA_ROOT = tmp_path  # this test's files only (other workers write too)
    client = client_als("pl_a")
    goed = b"partnerschap;soort;code;startdatum\nP-A;vestiging;02BB00;01-08-2025\n"
    _upload(client, goed)
    _upload(client, b"partnerschap;soort;code;startdatum\nP-A;vestiging;99ZZ99;01-08-2025\n")
    bewaard, geweigerd = Importbestand.objects.order_by("aangemaakt")
    assert (geweigerd.status, geweigerd.fouten) == (
        "fouten",
        ["rij 2: code: onbekende vestiging '99ZZ99'"],
    )
    assert geweigerd.bestand.name == ""
    # Only the file that passed the check is on disk, waiting for its confirmation.
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()] == [
        bewaard.bestand.name
    ]
