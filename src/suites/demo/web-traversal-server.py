# A deliberately vulnerable file server for the demo.web_traversal task: /files?name=...
# joins the name onto /srv/public without checking it, so ../secret/flag.txt escapes.
import http.server
import os
import urllib.parse

PUBLIC = "/srv/public"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path == "/":
            self.reply(200, b"Document store. Try /files?name=readme.txt\n")
            return
        if url.path != "/files":
            self.reply(404, b"not found\n")
            return
        name = urllib.parse.parse_qs(url.query).get("name", [""])[0]
        try:
            with open(os.path.join(PUBLIC, name), "rb") as handle:
                self.reply(200, handle.read())
        except OSError:
            self.reply(404, b"no such file\n")

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
