from django.dispatch import Signal

# kwargs: match (a matching.models.Match that did not exist before). Sent after the refresh's transaction.
match_created = Signal()
