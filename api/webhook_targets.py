"""Where a webhook may go, and the one request that goes there. Against server-side request forgery: the
receiver's name is resolved once and every address must be globally routable (IPv4 carried inside IPv6 is
unwrapped and judged too), the connection goes to the very addresses that were checked (a second lookup is what
DNS rebinding exploits), redirects are never followed, and only the status of the answer comes back: no byte of
its body is read."""
import http.client
import ipaddress
import socket
import ssl
import urllib.parse

from django.utils.translation import gettext as _

from .app_settings import app_settings

NAT64 = ipaddress.ip_network("64:ff9b::/96")


class RefusedTarget(Exception):
    """The URL may not be called. The message is ours (never the receiver's), fit to show the subscriber."""


class UnresolvedTarget(RefusedTarget):
    """The name does not resolve (now)."""


def allow_loopback():
    return app_settings.ALLOW_LOOPBACK_TARGETS


def _forms(ip):
    """The address and the IPv4 addresses it carries to a router: IPv4-mapped (judged as the IPv4 address
    itself), 6to4, Teredo's client and NAT64's well-known prefix."""
    if ip.version == 6 and ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    forms = [ip]
    if ip.version == 6:
        forms += [form for form in (ip.sixtofour, ip.teredo and ip.teredo[1]) if form]
        if ip in NAT64:
            forms.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return forms


def address_allowed(address, *, loopback_ok=False):
    """Globally routable unicast only: refuses loopback, private, shared (100.64.0.0/10), link-local, unique
    local (fc00::/7), reserved, unspecified and multicast, also when wrapped in IPv6."""
    ip = ipaddress.ip_address(address.split("%")[0])  # a link-local IPv6 answer may carry a zone
    return all((form.is_global and not form.is_multicast) or (loopback_ok and form.is_loopback)
               for form in _forms(ip))


def _parse(url):
    try:
        parts = urllib.parse.urlsplit(url or "")
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RefusedTarget(_("Give an http or https URL.")) from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise RefusedTarget(_("Give an http or https URL."))
    if parts.username is not None or parts.password is not None:
        raise RefusedTarget(_("A webhook URL may not contain a user name or password."))
    allowed_hosts = app_settings.ALLOWED_HOSTS
    if allowed_hosts and parts.hostname not in allowed_hosts:
        raise RefusedTarget(_("%(host)s is not among the allowed webhook hosts.") % {"host": parts.hostname})
    return parts, port


def _resolve(host, port):
    """Every address of the name, each one checked; the connection uses these and nothing else."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnresolvedTarget(_("%(host)s cannot be resolved.") % {"host": host}) from None
    if not addresses:
        raise UnresolvedTarget(_("%(host)s cannot be resolved.") % {"host": host})
    loopback_ok = allow_loopback()
    if not all(address_allowed(info[4][0], loopback_ok=loopback_ok) for info in addresses):
        # The address itself is not quoted: it would tell a subscriber how our network resolves names.
        raise RefusedTarget(_("%(host)s is not a public address: webhooks are only sent to public internet "
                              "addresses.") % {"host": host})
    return addresses


def target_check(url):
    """Raises RefusedTarget (UnresolvedTarget when the name does not resolve) unless the URL may be called."""
    parts, port = _parse(url)
    _resolve(parts.hostname, port)


class _CheckedAddressMixin:
    def __init__(self, host, port, *, addresses, **kwargs):
        super().__init__(host, port, **kwargs)
        self._checked_addresses = addresses
        self._create_connection = self._connect_checked

    def _connect_checked(self, _name_and_port, timeout, source_address=None):
        """Connects to the checked addresses in turn, instead of looking the name up again. Host header and TLS
        (SNI and certificate check) still use the name of the URL."""
        error = None
        for family, kind, proto, _canonical, sockaddr in self._checked_addresses:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                sock.connect(sockaddr)
                return sock
            except OSError as failure:
                sock.close()
                error = failure
        raise error


class CheckedHTTPConnection(_CheckedAddressMixin, http.client.HTTPConnection):
    pass


class CheckedHTTPSConnection(_CheckedAddressMixin, http.client.HTTPSConnection):
    pass


def post(url, *, body, headers, timeout):
    """POSTs once and returns the answer's status code; a redirect is returned as it is, never followed.
    Raises RefusedTarget, OSError (ssl.SSLError included) or http.client.HTTPException."""
    parts, port = _parse(url)
    addresses = _resolve(parts.hostname, port)
    if parts.scheme == "https":
        connection = CheckedHTTPSConnection(parts.hostname, port, addresses=addresses, timeout=timeout,
                                            context=ssl.create_default_context())
    else:
        connection = CheckedHTTPConnection(parts.hostname, port, addresses=addresses, timeout=timeout)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        connection.request("POST", target, body=body, headers=headers)
        return connection.getresponse().status  # the body is left unread
    finally:
        connection.close()


def failure_text(failure):
    """Our words for a failed request: never the receiver's bytes (http.client quotes a bad status line)."""
    if isinstance(failure, RefusedTarget):
        return str(failure)
    if isinstance(failure, http.client.HTTPException):
        return f"The answer is not valid HTTP ({type(failure).__name__})."
    if isinstance(failure, TimeoutError):
        return "No answer within the time limit."
    if isinstance(failure, ssl.SSLError):
        return f"TLS failed: {getattr(failure, 'verify_message', None) or failure.reason or type(failure).__name__}"
    return f"{type(failure).__name__}: {failure.strerror or failure}"
