"""Signal receivers: each writes an outbox row inside the transaction that sent the signal."""
from .outbox import outbox_record

LISTING_ACTIONS = {"submitted", "published", "rejected"}


def on_listing_changed(sender, listing, action, actor=None, **kwargs):
    if action not in LISTING_ACTIONS:
        return
    payload = {"listing_id": listing.pk, "actor_id": getattr(actor, "pk", None)}
    if action == "rejected":
        payload["reason"] = listing.rejection_reason
    outbox_record(type=f"listing.{action}", payload=payload)


def on_match_created(sender, match, **kwargs):
    def _list(value):
        return list(value) if isinstance(value, (list, tuple)) else value or []

    outbox_record(type="match.created", payload={
        "match_id": getattr(match, "pk", None),
        "need_id": match.need_id if hasattr(match, "need_id") else match.need.pk,
        "capability_id": match.capability_id if hasattr(match, "capability_id") else match.capability.pk,
        "score": float(getattr(match, "score", 0) or 0),
        "reasons_zh": _list(getattr(match, "reasons_zh", [])),
        "reasons_en": _list(getattr(match, "reasons_en", [])),
    })


def on_verification_decided(sender, organisation, actor=None, approved=False, **kwargs):
    outbox_record(type="organisation.verification_decided", payload={
        "organisation_id": organisation.pk, "actor_id": getattr(actor, "pk", None), "approved": bool(approved),
        "note": getattr(organisation, "verification_note", "") or "",
    })


def on_verification_requested(sender, organisation, actor=None, **kwargs):
    outbox_record(type="organisation.verification_requested", payload={
        "organisation_id": organisation.pk, "actor_id": getattr(actor, "pk", None),
    })
