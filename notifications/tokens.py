"""Signed one-click unsubscribe tokens: (user, type) signed with the secret key; a forged token fails."""
from django.core import signing

SALT = "notifications.unsubscribe"


def unsubscribe_token(*, user_id, ntype):
    return signing.dumps({"u": user_id, "t": ntype}, salt=SALT, compress=False)


def read_unsubscribe_token(token):
    """(user_id, type) or None when the token is not ours."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("t"), str):
        return None
    return data["u"], data["t"]
