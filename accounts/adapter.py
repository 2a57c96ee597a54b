from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language

from core import mail


class AccountAdapter(DefaultAccountAdapter):
    """Every account policy the project overrides lives here."""

    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in, for e-mails sent to them later.
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name") or user.display_name
        language = get_language()
        if language in dict(settings.LANGUAGES):
            user.language = language
        if commit:
            user.save()
        return user

    # Subject prefix, From and clean header values as for every e-mail of ours (core.mail); account mails are
    # transactional, so they carry no List-Unsubscribe.
    def format_email_subject(self, subject):
        return mail.subject_line(subject)

    def get_from_email(self):
        return mail.from_address()

    def render_mail(self, template_prefix, email, context, headers=None):
        return mail.clean_headers(super().render_mail(template_prefix, email, context, headers=headers))
