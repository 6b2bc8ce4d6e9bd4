"""Serves the files under ./site over HTTP. Usage: python3 static_server.py PORT [--no-listing]
With --no-listing a directory without an index.html answers 404 instead of a file list."""
import functools
import http.server
import sys

port = int(sys.argv[1])
listing = "--no-listing" not in sys.argv


class Handler(http.server.SimpleHTTPRequestHandler):
    def list_directory(self, path):
        if listing:
            return super().list_directory(path)
        self.send_error(404, "Not Found")
        return None

    def log_message(self, format, *args):
        pass


http.server.ThreadingHTTPServer.allow_reuse_address = True
server = http.server.ThreadingHTTPServer(("0.0.0.0", port), functools.partial(Handler, directory="site"))
server.serve_forever()
