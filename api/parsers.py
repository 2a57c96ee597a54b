"""The API's JSON parser: DRF's, plus a 400 for a document nested too deeply to parse. Python's json raises
RecursionError there (`[` x 50,000), which DRF does not catch, so it became a 500."""
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from None
