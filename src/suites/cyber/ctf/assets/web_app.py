"""A very small web framework for the suite's targets: Python 3 standard library only.

    app = App()

    @app.route("/login", methods=("GET", "POST"))
    def login(request):
        return Response("<p>hello</p>")

    serve(app, 8080)

A handler returns a Response, a str (HTML, 200) or a dict/list (JSON, 200). An exception
becomes a 500 page; with App(debug=True) the page shows the exception, as careless
deployments do.
"""

import html
import http.cookies
import http.server
import json
import socketserver
import traceback
import urllib.parse


class Request:
    def __init__(self, handler, method):
        split = urllib.parse.urlsplit(handler.path)
        self.method = method
        self.path = urllib.parse.unquote(split.path)
        self.raw_path = split.path
        self.query = {k: v[0] for k, v in urllib.parse.parse_qs(split.query, keep_blank_values=True).items()}
        self.headers = handler.headers
        length = int(handler.headers.get("Content-Length") or 0)
        self.body = handler.rfile.read(length) if length > 0 else b""
        self.cookies = {}
        cookie_header = handler.headers.get("Cookie")
        if cookie_header:
            jar = http.cookies.SimpleCookie()
            try:
                jar.load(cookie_header)
            except http.cookies.CookieError:
                pass
            self.cookies = {name: morsel.value for name, morsel in jar.items()}
        self.client = handler.client_address[0]

    @property
    def form(self):
        text = self.body.decode("utf-8", "replace")
        return {k: v[0] for k, v in urllib.parse.parse_qs(text, keep_blank_values=True).items()}

    def json(self):
        return json.loads(self.body.decode("utf-8") or "null")

    def bearer(self):
        value = self.headers.get("Authorization") or ""
        return value[7:].strip() if value.lower().startswith("bearer ") else None


class Response:
    def __init__(self, body="", status=200, content_type="text/html; charset=utf-8", headers=None):
        self.body = body if isinstance(body, bytes) else str(body).encode("utf-8")
        self.status = status
        self.headers = [("Content-Type", content_type)] + list(headers or [])


def json_response(value, status=200, headers=None):
    return Response(json.dumps(value, indent=2), status, "application/json", headers)


def redirect(location, headers=None):
    return Response("", 303, headers=[("Location", location)] + list(headers or []))


def page(title, body):
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><link rel='stylesheet' href='/static/style.css'>"
        f"</head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )


class App:
    def __init__(self, debug=False):
        self.debug = debug
        self.routes = {}
        self.prefixes = []

    def route(self, path, methods=("GET",)):
        def register(handler):
            for method in methods:
                self.routes[(method, path)] = handler
            return handler

        return register

    def prefix(self, path, methods=("GET",)):
        """Routes every path that starts with `path` (e.g. "/static/") to the handler."""

        def register(handler):
            self.prefixes.append((path, methods, handler))
            return handler

        return register

    def find(self, method, path):
        handler = self.routes.get((method, path))
        if handler is not None:
            return handler
        for prefix, methods, candidate in self.prefixes:
            if path.startswith(prefix) and method in methods:
                return candidate
        return None

    def respond(self, handler, method):
        request = Request(handler, method)
        target = self.find(method, request.path)
        if target is None:
            return Response(page("Not found", "<p>No such page.</p>"), 404)
        try:
            result = target(request)
        except Exception as error:  # the target's own bug becomes a 500, never a crash
            detail = ""
            if self.debug:
                detail = f"<pre>{html.escape(traceback.format_exc())}</pre>"
            return Response(page("Internal server error", f"<p>{html.escape(type(error).__name__)}</p>{detail}"), 500)
        if isinstance(result, Response):
            return result
        if isinstance(result, (dict, list)):
            return json_response(result)
        return Response(result)


def handler_for(app):
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "nginx"
        sys_version = ""
        protocol_version = "HTTP/1.0"

        def handle_method(self, method):
            response = app.respond(self, method)
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(response.body)

        def do_GET(self):
            self.handle_method("GET")

        def do_POST(self):
            self.handle_method("POST")

        def do_HEAD(self):
            self.handle_method("HEAD")

        def log_message(self, *args):
            pass

    return Handler


class ThreadingServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class SingleServer(http.server.HTTPServer):
    allow_reuse_address = True


def serve(app, port, host="0.0.0.0", threaded=True):
    server_class = ThreadingServer if threaded else SingleServer
    server = server_class((host, port), handler_for(app))
    server.serve_forever()
