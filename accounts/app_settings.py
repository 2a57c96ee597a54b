"""Settings of the accounts app (INVITATIONS_*): see core/app_settings.py."""
from core.app_settings import AppSettings


class InvitationSettings(AppSettings):
    prefix = "INVITATIONS_"

    @property
    def PER_ORGANISATION_PER_HOUR(self):
        return int(self._setting("PER_ORGANISATION_PER_HOUR", 20))

    @property
    def PER_USER_PER_DAY(self):
        return int(self._setting("PER_USER_PER_DAY", 50))


app_settings = InvitationSettings()
