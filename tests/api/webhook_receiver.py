"""A real HTTP(S) server on 127.0.0.1 for webhook tests: records what it receives (any method), answers with
programmed codes, a programmed body and, for redirects, a Location."""
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, *, certificate=None, host="127.0.0.1"):
        """`certificate`: (certfile, keyfile) to serve HTTPS; `host` is the name the URL uses."""
        self.received = []  # (headers, body bytes)
        self.requests = []  # (method, path, headers): every request, whatever its method
        self.server_names = []  # SNI names seen in TLS handshakes
        self.answers = []  # status codes to answer with, in order; 200 when empty
        self.always = None  # a status code to answer with every time
        self.body = None  # bytes to answer with instead of "ok" / "receiver says no"
        self.location = None  # a Location header to answer with (for 3xx answers)
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    receiver.requests.append((self.command, self.path, self.headers))
                    receiver.received.append((self.headers, body))  # case-insensitive names
                    code = receiver.always or (receiver.answers.pop(0) if receiver.answers else 200)
                self.send_response(code)
                self.send_header("Content-Type", "text/plain")
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.end_headers()
                self.wfile.write(receiver.body or (b"ok" if code < 300 else b"receiver says no"))

            do_POST = do_GET = do_PUT = do_HEAD = do_DELETE = answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = self.server.server_address[1]
        scheme = "http"
        if certificate:
            scheme = "https"
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*certificate)
            context.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = port
        self.url = f"{scheme}://{host}:{port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
