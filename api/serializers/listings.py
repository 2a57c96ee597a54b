from django.utils import timezone
from rest_framework import serializers

from accounts.models import Organisation, Region
from marketplace.models import CollaborationType, Listing, Sector, Technology

from .fields import CleanCharField, SaneDateField, SaneDateTimeField, TermSlugField
from .organisations import OrganisationSummarySerializer

MAX_BUDGET = 10**15  # well inside PostgreSQL's bigint


class ListingSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)
    sectors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    technologies = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    collaboration_types = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    keywords = serializers.ListField(child=serializers.CharField(), read_only=True)
    web_url = serializers.CharField(source="get_absolute_url", read_only=True)
    # Blank choices, declared so that the schema allows "" (read-only model fields lose allow_blank).
    metro_area = serializers.ChoiceField(choices=Region.choices, allow_blank=True, read_only=True)
    close_reason = serializers.ChoiceField(choices=Listing.CloseReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Listing
        fields = [
            "id", "kind", "status", "title", "summary", "title_alt", "summary_alt", "description", "organisation",
            "sectors", "technologies",
            "collaboration_types", "keywords", "trl_min", "trl_max", "ip_status", "budget_min", "budget_max",
            "province", "city", "metro_area", "remote_ok", "deadline", "visibility", "featured", "external_id",
            "rejection_reason", "close_reason", "created_at", "updated_at", "submitted_at", "published_at",
            "closed_at", "web_url",
        ]
        read_only_fields = fields

    def to_representation(self, listing):
        """The same JSON as the declared fields give (tests compare both), built directly: DRF's per-field
        machinery cost more than the database reads of a search or matches answer (measured at 100,000
        listings). Taxonomy slugs come from `listing.taxonomy_slugs` when a selector attached them."""
        org = listing.organisation
        slugs = getattr(listing, "taxonomy_slugs", None) or {
            name: [term.slug for term in getattr(listing, name).all()] for name in TAXONOMY_FIELDS}
        return {
            "id": listing.pk, "kind": str(listing.kind), "status": str(listing.status), "title": str(listing.title),
            "summary": str(listing.summary), "title_alt": str(listing.title_alt),
            "summary_alt": str(listing.summary_alt), "description": str(listing.description),
            "organisation": {"id": org.pk, "slug": str(org.slug), "kind": str(org.kind), "name_zh": str(org.name_zh),
                             "name_en": str(org.name_en), "is_verified": bool(org.is_verified)},
            "sectors": list(slugs["sectors"]), "technologies": list(slugs["technologies"]),
            "collaboration_types": list(slugs["collaboration_types"]),
            "keywords": None if listing.keywords is None else [
                None if word is None else str(word) for word in listing.keywords],
            "trl_min": _int(listing.trl_min), "trl_max": _int(listing.trl_max), "ip_status": str(listing.ip_status),
            "budget_min": _int(listing.budget_min), "budget_max": _int(listing.budget_max),
            "province": str(listing.province), "city": str(listing.city), "metro_area": str(listing.metro_area),
            "remote_ok": bool(listing.remote_ok),
            "deadline": listing.deadline.isoformat() if listing.deadline else None,
            "visibility": str(listing.visibility), "featured": bool(listing.featured),
            "external_id": str(listing.external_id), "rejection_reason": str(listing.rejection_reason),
            "close_reason": str(listing.close_reason), "created_at": _datetime(listing.created_at),
            "updated_at": _datetime(listing.updated_at), "submitted_at": _datetime(listing.submitted_at),
            "published_at": _datetime(listing.published_at), "closed_at": _datetime(listing.closed_at),
            "web_url": str(listing.get_absolute_url()),
        }


TAXONOMY_FIELDS = ("sectors", "technologies", "collaboration_types")


class ListingRevisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    changed_fields = serializers.ListField(child=serializers.CharField(),
                                           help_text="Fields whose new values wait for a curator's review.")
    changes = serializers.DictField(help_text="The proposed values, as in a listing (taxonomy as slugs).")
    files = serializers.ListField(child=serializers.CharField(),
                                  help_text="Names of new files that wait for review with the changes.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


def revision_data(revision):
    """A pending revision as the API shows it to the listing's organisation."""
    changes = dict(revision.changes)
    for name in TAXONOMY_FIELDS:
        if name in changes:
            model = Listing._meta.get_field(name).related_model
            changes[name] = list(model.objects.filter(pk__in=changes[name]).values_list("slug", flat=True))
    return ListingRevisionSerializer({
        "id": revision.pk, "changed_fields": sorted(changes), "changes": changes,
        "files": [attachment.download_name for attachment in revision.attachments.order_by("uploaded_at", "pk")],
        "created_at": revision.created_at, "updated_at": revision.updated_at,
    }).data


class ListingChangeResultSerializer(ListingSerializer):
    """The answer to a change: the listing as others see it, and what waits for review."""

    pending_revision = ListingRevisionSerializer(
        read_only=True, allow_null=True,
        help_text="Changes of this published listing that wait for a curator's review (the listing above is the "
                  "published version until they are approved); null when nothing waits.")

    class Meta(ListingSerializer.Meta):
        fields = [*ListingSerializer.Meta.fields, "pending_revision"]
        read_only_fields = fields

    def to_representation(self, listing):
        data = super().to_representation(listing)
        revision = self.context.get("pending_revision")
        data["pending_revision"] = revision_data(revision) if revision is not None else None
        return data


def _int(value):
    return None if value is None else int(value)


def _datetime(value):
    """As DRF's DateTimeField writes it: ISO 8601 in the current time zone, UTC as "Z"."""
    if not value:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class ListingWriteSerializer(serializers.Serializer):
    """The fields a member may set; `organisation` and `kind` only when creating."""

    organisation = serializers.IntegerField(
        required=False, min_value=1, max_value=2**53,
        help_text="Id of the organisation that publishes; defaults to the credential's organisation or, for a "
                  "session, to the only organisation the user edits for.")
    kind = serializers.ChoiceField(choices=Listing.Kind.choices)
    title = CleanCharField(max_length=200)
    summary = CleanCharField(max_length=500)
    title_alt = CleanCharField(max_length=200, allow_blank=True, required=False,
                               help_text="The title in the other language (English for a Chinese listing, the "
                                         "reverse): shown to readers of that language and searched.")
    summary_alt = CleanCharField(max_length=500, allow_blank=True, required=False,
                                 help_text="The summary in the other language.")
    description = CleanCharField(max_length=20000, allow_blank=True, required=False, multiline=True,
                                 help_text="Markdown; sanitised when shown.")
    sectors = TermSlugField(many=True, slug_field="slug", queryset=Sector.objects.all(), required=False,
                            help_text="Sector slugs from /api/v1/taxonomy/.")
    technologies = TermSlugField(many=True, slug_field="slug", queryset=Technology.objects.all(), required=False,
                                 help_text="Technology slugs from /api/v1/taxonomy/.")
    collaboration_types = TermSlugField(many=True, slug_field="slug", queryset=CollaborationType.objects.all(),
                                        required=False, help_text="Collaboration type slugs from /api/v1/taxonomy/.")
    keywords = serializers.ListField(child=CleanCharField(max_length=60), max_length=30, required=False)
    trl_min = serializers.IntegerField(min_value=1, max_value=9, required=False,
                                       help_text="A capability's current readiness; a need's lowest acceptable.")
    trl_max = serializers.IntegerField(min_value=1, max_value=9, required=False,
                                       help_text="A need's highest acceptable readiness; ignored for capabilities.")
    ip_status = serializers.ChoiceField(choices=Listing.IPStatus.choices, required=False)
    budget_min = serializers.IntegerField(min_value=0, max_value=MAX_BUDGET, allow_null=True, required=False)
    budget_max = serializers.IntegerField(min_value=0, max_value=MAX_BUDGET, allow_null=True, required=False)
    province = CleanCharField(max_length=50, allow_blank=True, required=False)
    city = CleanCharField(max_length=50, allow_blank=True, required=False)
    metro_area = serializers.ChoiceField(choices=Region.choices, allow_blank=True, required=False)
    remote_ok = serializers.BooleanField(required=False)
    deadline = SaneDateField(allow_null=True, required=False)
    visibility = serializers.ChoiceField(choices=Listing.Visibility.choices, required=False)
    external_id = CleanCharField(max_length=120, allow_blank=True, required=False,
                                 help_text="Your system's id for this listing, for synchronisation.")


class ListingUpdateSerializer(ListingWriteSerializer):
    organisation = None
    kind = None


class ListingCloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Listing.CloseReason.choices)


ORDERINGS = {
    "-published_at": ["-published_at", "-created_at", "-id"],
    "published_at": ["published_at", "created_at", "id"],
    "deadline": ["deadline", "-published_at", "-id"],
    "-deadline": ["-deadline", "-published_at", "-id"],
    "-updated_at": ["-updated_at", "-id"],
    "updated_at": ["updated_at", "id"],
    "title": ["title", "id"],
    "-title": ["-title", "-id"],
}


class ListingFilterSerializer(serializers.Serializer):
    q = CleanCharField(max_length=200, required=False, help_text="Words in the title, summary or keywords.")
    kind = serializers.ChoiceField(choices=Listing.Kind.choices, required=False)
    status = serializers.ChoiceField(choices=Listing.Status.choices, required=False,
                                     help_text="Other statuses than published only show your own listings.")
    organisation = serializers.IntegerField(min_value=1, max_value=2**53, required=False)
    organisation_kind = serializers.ChoiceField(choices=Organisation.Kind.choices, required=False)
    sector = serializers.ListField(child=CleanCharField(max_length=60), required=False, max_length=20,
                                   help_text="Sector slugs; any of them matches.")
    technology = serializers.ListField(child=CleanCharField(max_length=60), required=False, max_length=20)
    collaboration_type = serializers.ListField(child=CleanCharField(max_length=60), required=False, max_length=20)
    metro_area = serializers.ChoiceField(choices=Region.choices, required=False)
    province = CleanCharField(max_length=50, required=False)
    trl = serializers.IntegerField(min_value=1, max_value=9, required=False,
                                   help_text="Listings whose readiness range contains this level.")
    remote_ok = serializers.BooleanField(required=False)
    featured = serializers.BooleanField(required=False)
    mine = serializers.BooleanField(required=False, help_text="Only your organisations' listings.")
    updated_since = SaneDateTimeField(required=False, help_text="For synchronisation: changed at or after this.")
    ordering = serializers.ChoiceField(choices=list(ORDERINGS), required=False, default="-published_at")


class BulkImportSerializer(serializers.Serializer):
    listings = serializers.ListField(
        child=serializers.DictField(), min_length=1, max_length=500,
        help_text="Up to 500 listings, each with the fields of “Create a listing”. A row whose `external_id` "
                  "names an existing (not closed) listing of the organisation updates it.")
    submit = serializers.BooleanField(default=False, help_text="Submit each created or updated draft for review.")


class BulkRowResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the row in the request, from 0.")
    status = serializers.ChoiceField(choices=["created", "updated", "error"])
    id = serializers.IntegerField(allow_null=True)
    external_id = serializers.CharField(allow_blank=True)
    pending_review = serializers.BooleanField(
        default=False, help_text="True when the row changed a published listing and (some of) its changes wait for "
                                 "a curator's review; the published version stays until then.")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class BulkImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    failed = serializers.IntegerField()
    results = BulkRowResultSerializer(many=True)
