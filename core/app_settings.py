"""Settings, read the way django-allauth reads its own: each app has one lazy `app_settings` object in
`<app>/app_settings.py` whose properties read `django.conf.settings` when asked (so override_settings and
commands that change settings are seen), with the defaults config/settings/base.py declares. Code outside these
modules reads only Django's own settings directly (tests/config/test_settings_declared.py)."""
from django.conf import settings


class AppSettings:
    prefix = ""

    def _setting(self, name, default):
        return getattr(settings, self.prefix + name, default)


class CoreSettings(AppSettings):
    @property
    def SITE_NAME(self):
        return self._setting("SITE_NAME", "CultureTech Exchange")

    @property
    def SITE_URL(self):
        """Absolute base of links in e-mails and webhooks, without the trailing slash."""
        return self._setting("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

    @property
    def EMAIL_SUBJECT_PREFIX(self):
        """allauth's prefix, shared by every e-mail of the site."""
        return self._setting("ACCOUNT_EMAIL_SUBJECT_PREFIX", "")

    @property
    def OUTBOX_REACTIONS(self):
        return self._setting("OUTBOX_REACTIONS", "config.reactions.REACTIONS")

    @property
    def OUTBOX_REDISPATCH_SECONDS(self):
        return int(self._setting("OUTBOX_REDISPATCH_SECONDS", 120))

    @property
    def DEMO_MAILBOX_DIR(self):
        return self._setting("DEMO_MAILBOX_DIR", str(settings.BASE_DIR / ".cache" / "demo-mailbox"))


app_settings = CoreSettings()
