"""drf-spectacular additions: every operation documents the error bodies it can answer with, and text fields
state what the API refuses in them."""
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

# DRF refuses NUL characters in every text and, unless blank is allowed, text that is only whitespace (it trims).
TEXT_PATTERN = r"^[^\x00]+$"  # drf-spectacular adds the blank alternative (oneOf)
NON_BLANK_TEXT_PATTERN = r"^[^\x00]*[^\s\x00][^\x00]*$"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the request's language.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text="Messages per field (dotted paths for nested fields); only on 400.",
    )


VALIDATION_EXAMPLE = OpenApiExample(
    "Field errors", value={"detail": "Invalid input.", "errors": {"title": ["This field is required."]}},
    response_only=True, status_codes=["400"],
)
ERROR_RESPONSES = {
    "400": OpenApiResponse(ErrorSerializer, "Invalid input or a broken rule; field errors under `errors`.",
                           [VALIDATION_EXAMPLE]),
    "401": OpenApiResponse(ErrorSerializer, "Authentication is missing or the token is not valid."),
    "403": OpenApiResponse(ErrorSerializer, "Not allowed for this user, role or credential scope."),
    "404": OpenApiResponse(ErrorSerializer, "Not found, not visible to the caller, or a page out of range."),
    "429": OpenApiResponse(ErrorSerializer, "Too many requests; retry after the Retry-After header's seconds."),
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in ERROR_RESPONSES.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses


class CleanCharFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.serializers.fields.CleanCharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request" and schema.get("type") == "string" and "enum" not in schema:
            schema["pattern"] = TEXT_PATTERN if self.target.allow_blank else NON_BLANK_TEXT_PATTERN
        return schema


class SavedSearchQueryExtension(OpenApiSerializerExtension):
    """The serializer refuses unknown parameters and an empty query; the schema says so."""

    target_class = "api.serializers.collaboration.SavedSearchQuerySerializer"

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        if direction == "request":
            schema.update(minProperties=1, additionalProperties=False)
        return schema
