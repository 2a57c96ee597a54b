from .app_settings import app_settings


def site(request):
    return {"SITE_NAME": app_settings.SITE_NAME}
