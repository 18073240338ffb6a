"""Page helpers every app's views share: a confirmation page before a destructive action,
a form page, and a service's ValidationError shown on its form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render


def formulier_fouten(form, fout: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form
    has that field, else above the form."""
    if hasattr(fout, "error_dict"):
        for veld, fouten in fout.error_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, fout)


def formulier_pagina(request, *, form, titel, terug_url, toelichting="", knop=None):
    return render(
        request,
        "includes/formulier_pagina.html",
        {
            "form": form,
            "titel": titel,
            "terug_url": terug_url,
            "toelichting": toelichting,
            "knop": knop,
        },
    )


def bevestig(request, *, titel, vraag, terug_url, knop=None):
    """The question before a destructive action; the POST of the same URL does it."""
    return render(
        request,
        "includes/bevestig.html",
        {"titel": titel, "vraag": vraag, "terug_url": terug_url, "knop": knop},
    )
