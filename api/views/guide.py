"""The partner API's guide (docs/api.md) as a page of the site, next to the Swagger page it complements."""
import re
from functools import lru_cache

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marketplace.rendering import render_markdown

GUIDE = settings.BASE_DIR / "docs" / "api.md"


@lru_cache(maxsize=4)
def _rendered(modified):
    # The page has its own heading: the file's title line would be a second <h1>.
    text = re.sub(r"\A# [^\n]*\n", "", GUIDE.read_text(encoding="utf-8"))
    return render_markdown(text)


@require_GET
def api_guide(request):
    return render(request, "api/guide.html", {"guide": _rendered(GUIDE.stat().st_mtime_ns)})
