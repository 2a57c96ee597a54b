"""Conditional GET: a weak ETag from what the representation depends on; 304 when the client has it."""
import hashlib

from django.utils.translation import get_language
from rest_framework import status
from rest_framework.response import Response


def make_etag(*parts):
    digest = hashlib.sha1("|".join(str(part) for part in (*parts, get_language())).encode()).hexdigest()[:20]
    return f'W/"{digest}"'


def conditional_response(request, etag, build):
    """`build()` makes the body only when the client's copy is stale."""
    sent = request.headers.get("If-None-Match", "")
    candidates = {tag.strip() for tag in sent.split(",") if tag.strip()}
    if etag in candidates or "*" in candidates:
        response = Response(status=status.HTTP_304_NOT_MODIFIED)
    else:
        response = Response(build())
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response
