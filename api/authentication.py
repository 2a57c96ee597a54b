"""`Authorization: Bearer <token>` for partner systems; the browser uses the site's session (and CSRF)."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .services.credentials import credential_authenticate


class CredentialAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header must be “Bearer <token>”."))
        try:
            token = header[1].decode("ascii")
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        credential = credential_authenticate(token=token)
        if credential is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid or has been revoked."))
        return credential.service_user, credential

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class CredentialAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.CredentialAuthentication"
    name = "credential"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API credential created by an organisation owner at /api/credentials/.",
        }
