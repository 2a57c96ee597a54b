"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>" with the subscription's secret. The timestamp
travels in its own header so that receivers can refuse old (replayed) deliveries."""
import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-CTX-Signature"
TIMESTAMP_HEADER = "X-CTX-Timestamp"
EVENT_HEADER = "X-CTX-Event"
DELIVERY_HEADER = "X-CTX-Delivery"
DEFAULT_TOLERANCE_SECONDS = 300


def sign(secret, timestamp, body):
    message = str(int(timestamp)).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret, timestamp, body, signature, *, now=None, tolerance=DEFAULT_TOLERANCE_SECONDS):
    """What a receiver does (also shown in docs/api.md): a fresh timestamp and a matching signature."""
    try:
        age = abs((now or time.time()) - int(timestamp))
    except (TypeError, ValueError):
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature or "")
