"""The demo's mailbox: an e-mail backend that keeps each message as an .eml file in DEMO_MAILBOX_DIR, and the
reads behind /demo/mailbox/, so that someone with only a browser can open their confirmation e-mail."""
import email
import email.policy
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from ..app_settings import app_settings

logger = logging.getLogger(__name__)
MESSAGE_ID = re.compile(r"^\d{8}T\d{12}-[0-9a-f]{32}$")
SHOWN = 200


def mailbox_dir():
    return Path(app_settings.DEMO_MAILBOX_DIR)


class MailboxBackend(BaseEmailBackend):
    """Writes every message to the demo mailbox instead of sending it."""

    def send_messages(self, email_messages):
        folder = mailbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{datetime.now().strftime('%Y%m%dT%H%M%S%f')}-{uuid.uuid4().hex}"
            (folder / f"{name}.eml").write_bytes(message.message().as_bytes(linesep="\n"))
            logger.warning("Demo mailbox: “%s” to %s (open %s/demo/mailbox/)", message.subject,
                           ", ".join(message.to), app_settings.SITE_URL)
            sent += 1
        return sent


@dataclass
class StoredMessage:
    id: str
    subject: str
    to: str
    sent_at: datetime
    body: str


def _read(path):
    with path.open("rb") as handle:
        parsed = email.message_from_binary_file(handle, policy=email.policy.default)
    part = parsed.get_body(preferencelist=("plain", "html"))
    body = part.get_content() if part is not None else ""
    stamp = datetime.strptime(path.stem.split("-")[0], "%Y%m%dT%H%M%S%f")
    return StoredMessage(id=path.stem, subject=str(parsed.get("subject", "")), to=str(parsed.get("to", "")),
                         sent_at=timezone.make_aware(stamp), body=body)


def mailbox_messages():
    """The newest messages first."""
    folder = mailbox_dir()
    if not folder.is_dir():
        return []
    paths = sorted(folder.glob("*.eml"), reverse=True)[:SHOWN]
    return [_read(path) for path in paths if MESSAGE_ID.match(path.stem)]


def mailbox_message(message_id):
    """One message by id, or None (ids are checked, so no path outside the mailbox is ever read)."""
    if not MESSAGE_ID.match(message_id or ""):
        return None
    path = mailbox_dir() / f"{message_id}.eml"
    return _read(path) if path.is_file() else None
