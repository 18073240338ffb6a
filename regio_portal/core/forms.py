"""Form helpers: NL Design System classes and accessible error wiring on every widget."""

from django import forms


class NLDesignFormMixin:
    """Adds utrecht-* classes and aria attributes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for naam, veld in self.fields.items():
            widget = veld.widget
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
            beschrijving = []
            if veld.help_text:
                beschrijving.append(f"id_{naam}_hulp")
            if self.is_bound and naam in self.errors:
                beschrijving.append(f"id_{naam}_fout")
                widget.attrs["aria-invalid"] = "true"
            if beschrijving:
                widget.attrs["aria-describedby"] = " ".join(beschrijving)


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class Formulier(NLDesignFormMixin, forms.Form):
    pass


class ModelFormulier(NLDesignFormMixin, forms.ModelForm):
    pass
