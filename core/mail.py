"""Every e-mail we send leaves through `send_each`: it makes each header value one clean line (a CR or LF from a
listing title or an organisation name cannot break the message) and sends message by message, so one bad
message never sinks the others."""
import logging
import smtplib

from django.core.mail import EmailMessage, get_connection

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
    """One plain e-mail with the platform's subject prefix; returns whether it was sent."""
    message = EmailMessage(subject=subject_line(subject), body=body, to=list(to))
    return all(error is None for _message, error in send_each([message]))
