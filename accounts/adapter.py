from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    """Every account policy the project overrides lives here."""

    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in, for e-mails sent to them later.
        user = super().save_user(request, user, form, commit=False)
        language = get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        if commit:
            user.save()
        return user
