"""Serving files that users uploaded. They never render as pages of our origin: every one is a download
(`Content-Disposition: attachment`) under a name we made safe, with the type detected from its bytes,
`nosniff`, and `Content-Security-Policy: sandbox` for a browser that would display it anyway."""
import re
from pathlib import PurePosixPath

from django.http import FileResponse

_UNSAFE = re.compile(r"[^\w\- ]+")


def safe_download_name(original_name, extension, *, default="file"):
    """The uploader's name without its extension, dots, separators or control characters, plus the extension
    of the detected type: "poly.html" (PDF bytes) -> "poly.pdf", "../shell.php" (PNG bytes) -> "shell.png"."""
    stem = PurePosixPath((original_name or "").replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    stem = " ".join(_UNSAFE.sub("_", stem).split()).strip("_ ")[:100] or default
    return f"{stem}.{extension}"


def user_file_response(handle, *, content_type, filename, public=False):
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
