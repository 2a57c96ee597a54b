"""Every e-mail we send is composed here and leaves through `send_each`.

`compose` is the one place that decides what every message carries: the platform's subject prefix and From
address, the language of its recipient (`in_language_of`), and List-Unsubscribe (one-click, RFC 8058) exactly
when the message has an unsubscribe link, i.e. on notification e-mails and never on account or transactional
ones. The allauth adapter uses the same prefix and From. `send_each` makes each header value one clean line (a
CR or LF from a listing title or an organisation name cannot break the message) and sends message by message,
so one bad message never sinks the others."""
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import translation

from .app_settings import app_settings
from .text import clean_text

logger = logging.getLogger(__name__)

SUBJECT_MAX = 250
# The server is away or refuses us: every message would fail the same way, so stop and let a retry send them.
SERVER_ERRORS = (ConnectionError, TimeoutError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError,
                 smtplib.SMTPAuthenticationError, smtplib.SMTPHeloError)


class MailServerUnavailable(ConnectionError):
    """Raised by send_each when the mail server cannot take messages; a ConnectionError, so tasks retry."""


def header_value(value):
    """One line without control or invisible characters (NUL included)."""
    return " ".join(clean_text(str(value)).replace("\x00", "").split())


def subject_line(subject):
    """The platform's prefix (in the active language) before the subject."""
    return f"{app_settings.EMAIL_SUBJECT_PREFIX}{subject}"


def from_address():
    return settings.DEFAULT_FROM_EMAIL


def in_language_of(user):
    """Write the message (subject, templates, prefix) in the recipient's language, the site's by default."""
    return translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE)


def compose(*, to, subject, text, html=None, unsubscribe_url=None, headers=None, attachments=()):
    """One message of ours; call it inside `in_language_of(recipient)`. `attachments`: (name, content, type)."""
    unsubscribe = ({"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
                   if unsubscribe_url else {})
    message = EmailMultiAlternatives(subject=subject_line(subject), body=text, from_email=from_address(), to=list(to),
                                     headers={**unsubscribe, **(headers or {})})
    if html is not None:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    return clean_headers(message)


def clean_headers(message):
    message.subject = header_value(message.subject)[:SUBJECT_MAX]
    message.extra_headers = {name: header_value(value) for name, value in message.extra_headers.items()}
    return message


def open_connection(connection=None):
    """An open connection to the mail server, or MailServerUnavailable."""
    connection = connection or get_connection(fail_silently=False)
    try:
        connection.open()
    except SERVER_ERRORS as error:
        raise MailServerUnavailable(str(error)) from error
    return connection


def send_one(message, *, connection):
    """Send one message over an open connection: None when sent, or the exception that refused this message alone
    (logged). Raises MailServerUnavailable when the server cannot take mail at all."""
    try:
        connection.send_messages([clean_headers(message)])
    except SERVER_ERRORS as error:
        raise MailServerUnavailable(str(error)) from error
    except Exception as error:  # this message only: an address the server refuses, a header it rejects
        logger.warning("e-mail to %s not sent: %r", ", ".join(message.to), error)
        return error
    return None


def send_each(messages, *, connection=None):
    """Send the messages one by one over one connection. Yields (message, error) as each is handled: error is
    None when it was sent, or the exception that refused this message alone (logged; the rest still go).
    Raises MailServerUnavailable when the server cannot take mail at all."""
    messages = list(messages)
    if not messages:
        return
    connection = open_connection(connection)
    try:
        for message in messages:
            yield message, send_one(message, connection=connection)
    finally:
        connection.close()


def send(subject, body, to):
    """One plain e-mail (no unsubscribe link); returns whether it was sent."""
    return all(error is None for _message, error in send_each([compose(to=to, subject=subject, text=body)]))
