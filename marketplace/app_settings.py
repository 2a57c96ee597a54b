"""Settings of the marketplace app (attachment quotas, LOAD_DEMO_ALLOWED): see core/app_settings.py."""
from core.app_settings import AppSettings


class MarketplaceSettings(AppSettings):
    @property
    def LISTING_ATTACHMENT_MAX_BYTES(self):
        return int(self._setting("LISTING_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))

    @property
    def LISTING_ATTACHMENT_MAX_FILES(self):
        return int(self._setting("LISTING_ATTACHMENT_MAX_FILES", 10))

    @property
    def ORGANISATION_ATTACHMENT_MAX_BYTES(self):
        return int(self._setting("ORGANISATION_ATTACHMENT_MAX_BYTES", 200 * 1024 * 1024))

    @property
    def LOAD_DEMO_ALLOWED(self):
        """load_demo creates accounts whose passwords are in the repository: production turns it off."""
        return bool(self._setting("LOAD_DEMO_ALLOWED", False))


app_settings = MarketplaceSettings()
