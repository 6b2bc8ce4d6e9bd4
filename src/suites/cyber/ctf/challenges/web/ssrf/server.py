"""Link preview: fetches any URL for the visitor, behind a naive loopback check (SSRF).

An internal metrics service listens on 127.0.0.1 only; the firewall keeps everyone else out,
so the fetcher is the only way in. It records each request it serves: the application was
made to send a request it never sends on its own.
"""

import html
import ipaddress
import json
import threading
import urllib.parse
import urllib.request

from outcome_log import record
from web_app import App, Response, json_response, page, serve

config = json.load(open("config.json"))
INTERNAL = config["internal_port"]

internal = App()


@internal.route("/")
def internal_index(request):
    record("outbound_request", f"GET / from {request.client}")
    return {"service": "metrics-admin", "endpoints": ["/", "/health", "/admin/flag"]}


@internal.route("/health")
def internal_health(request):
    record("outbound_request", f"GET /health from {request.client}")
    return {"status": "ok"}


@internal.route("/admin/flag")
def internal_flag(request):
    record("outbound_request", f"GET /admin/flag from {request.client}")
    return {"flag": config["flag"]}


app = App()

FORM = """
<form method="get" action="/preview">
  <label>URL <input name="url" size="50" placeholder="http://example.org/"></label>
  <button>Preview</button>
</form>
<script src="/static/app.js"></script>
"""

SCRIPT = f"""// link preview front end
document.querySelector('form').addEventListener('submit', () => {{
  console.log('fetching preview');
}});
// TODO(ops): move the metrics dashboard (http://127.0.0.1:{INTERNAL}/) behind the VPN
"""


def blocked(url):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "only http and https links can be previewed"
    name = (parts.hostname or "").lower()
    if name == "" or "localhost" in name:
        return "internal addresses cannot be previewed"
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return None  # a host name: resolved later, when fetched
    if address.is_loopback or address.is_private or address.is_unspecified:
        return "internal addresses cannot be previewed"
    return None


@app.route("/")
def index(request):
    return page("Link preview", "<p>See what a link shows before you click it.</p>" + FORM)


@app.route("/static/app.js")
def script(request):
    return Response(SCRIPT, content_type="application/javascript")


@app.route("/preview")
def preview(request):
    url = request.query.get("url", "")
    reason = blocked(url)
    if reason is not None:
        return Response(page("Link preview", f"<p>Refused: {html.escape(reason)}.</p>" + FORM), 400)
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body = response.read(4000).decode("utf-8", "replace")
    except Exception as error:
        return Response(page("Link preview", f"<p>Could not fetch the link: {html.escape(str(error))}</p>" + FORM), 502)
    return page("Link preview", f"<pre>{html.escape(body)}</pre>" + FORM)


threading.Thread(target=serve, args=(internal, INTERNAL, "127.0.0.1"), daemon=True).start()
serve(app, config["port"])
