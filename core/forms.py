from django import forms

from .text import clean_text


class CleanCharField(forms.CharField):
    """A CharField whose text goes through core.text.clean_text before the length checks (a Textarea keeps
    its line breaks)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value, multiline=isinstance(self.widget, forms.Textarea))
        return super().to_python(value)
