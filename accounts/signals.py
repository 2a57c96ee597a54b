"""Domain events of accounts, sent by services inside their transaction (receivers schedule work on commit)."""
from django.dispatch import Signal

# kwargs: organisation, actor (the staff user), approved (bool). Sent when staff approve or reject a verification.
organisation_verification_decided = Signal()

# kwargs: organisation, actor (the owner). Sent when an owner asks for verification.
organisation_verification_requested = Signal()
