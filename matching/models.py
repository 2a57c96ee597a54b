from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import Listing


class Match(models.Model):
    """A need and a capability the engine found for each other, with the parts of its score and the reasons
    in both languages. Recomputed whenever either side changes.

    A pair is stored while a refresh of either side finds it: `found_by` is the listing whose refresh found it
    (its view are the score and the reasons), `mutual` says the other side's last refresh found it too. A refresh
    prunes only what it found itself, so the stored pairs do not depend on the order of refreshes."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        SEEN = "seen", _("Seen")
        DISMISSED = "dismissed", _("Dismissed")
        CONTACTED = "contacted", _("Contacted")

    need = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="matches_as_need")
    capability = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="matches_as_capability")
    found_by = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="+", verbose_name=_("found by"))
    mutual = models.BooleanField(_("found by both sides"), default=False)
    score = models.FloatField(_("score"))
    parts = models.JSONField(_("score parts"), default=dict)
    reasons_zh = models.JSONField(_("reasons (Chinese)"), default=list)
    reasons_en = models.JSONField(_("reasons (English)"), default=list)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["need", "capability"], name="unique_match_pair")]
        verbose_name = _("match")
        verbose_name_plural = _("matches")

    def __str__(self):
        return f"{self.need_id} <-> {self.capability_id} ({self.score:.2f})"

    def reasons(self, language=None):
        from django.utils.translation import get_language

        language = language or get_language() or ""
        return self.reasons_en if language.startswith("en") else self.reasons_zh

    def counterpart_of(self, listing):
        return self.capability if listing.pk == self.need_id else self.need

    def other_side_id(self, listing_id):
        return self.capability_id if listing_id == self.need_id else self.need_id


class GlossaryEntry(models.Model):
    """Words that mean one thing in Chinese and English (synonyms, abbreviations), and the sectors and technologies
    they point to. Shipped in matching/data/glossary.json, edited by staff in the admin; search expands a query
    with them (matching.glossary)."""

    key = models.SlugField(_("key"), max_length=80, unique=True,
                           help_text=_("A stable identifier; the shipped file refers to it, so never rename one."))
    terms_zh = models.JSONField(_("Chinese terms"), default=list)
    terms_en = models.JSONField(_("English terms"), default=list)
    sectors = models.ManyToManyField("marketplace.Sector", blank=True, related_name="+", verbose_name=_("sectors"))
    technologies = models.ManyToManyField("marketplace.Technology", blank=True, related_name="+",
                                          verbose_name=_("technologies"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary")

    def __str__(self):
        return " / ".join(self.terms_zh[:1] + self.terms_en[:1]) or self.key
