from .models import AuditEntry


def audit_record(*, actor, action, target, reason="", data=None):
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        target_repr=str(target)[:255],
        reason=reason,
        data=data or {},
    )
