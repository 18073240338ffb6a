"""Form helpers: NL Design System classes and accessible error wiring on every widget."""

from django import forms


class NLDesignFormMixin:
    """Adds utrecht-* classes and aria attributes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for naam, veld in self.fields.items():
            widget = veld.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.Select):
                klasse = "utrecht-select utrecht-select--html-select"
            elif isinstance(widget, forms.Textarea):
                klasse = "utrecht-textarea utrecht-textarea--html-textarea"
            elif isinstance(widget, forms.CheckboxInput):
                klasse = "utrecht-checkbox utrecht-checkbox--html-input"
            elif isinstance(widget, forms.RadioSelect):
                klasse = ""
            else:
                klasse = "utrecht-textbox utrecht-textbox--html-input"
            if klasse:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {klasse}".strip()
            if veld.help_text:
                # Django's own id for the help text (what BoundField and allauth use).
                widget.attrs["aria-describedby"] = f"{self._veld_id(naam)}_helptext"

    def _veld_id(self, naam: str) -> str:
        auto_id = self.auto_id if isinstance(self.auto_id, str) else "id_%s"
        return auto_id % self.add_prefix(naam) if "%s" in auto_id else self.add_prefix(naam)

    def full_clean(self):
        # Validation runs lazily (never in __init__, where subclasses may still be
        # setting choices); mark invalid widgets for screen readers afterwards.
        super().full_clean()
        for naam, fouten in list(self.errors.items()):
            # One message once: a field's own check and a form-wide one may say the same.
            uniek = list(dict.fromkeys(fouten))
            if len(uniek) < len(fouten):
                self.errors[naam] = self.error_class(uniek)
            if naam in self.fields:
                attrs = self.fields[naam].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = " ".join(
                    filter(None, [attrs.get("aria-describedby"), f"{self._veld_id(naam)}_fout"])
                )
                for klasse in ("utrecht-textbox", "utrecht-select", "utrecht-textarea"):
                    if klasse in attrs.get("class", "").split():
                        attrs["class"] += f" {klasse}--invalid"

    def add_error(self, field, error):
        # A field that already failed its own check (required, not a date) gets no
        # second message from clean() about the same value.
        if (
            field in self.fields
            and field in (self._errors or {})
            and field not in getattr(self, "cleaned_data", {})
        ):
            return
        super().add_error(field, error)


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class Formulier(NLDesignFormMixin, forms.Form):
    pass


class ModelFormulier(NLDesignFormMixin, forms.ModelForm):
    pass
