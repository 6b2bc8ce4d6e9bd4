"""Contact finder: a single-threaded server whose e-mail check backtracks catastrophically
(ReDoS). The supervisor (supervisor.py) restarts it when it hangs, and publishes a crash
report that includes the worker's environment."""

import html
import json
import os
import re

from outcome_log import record
from web_app import App, Response, page, serve

config = json.load(open("config.json"))
ADMIN_KEY = os.environ["ADMIN_KEY"]
REPORTS = "/srv/reports"
EMAIL = re.compile(r"^([a-zA-Z0-9_.+-]+)*@([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$")
CONTACTS = config["contacts"]
app = App()

FORM = """
<form method="get" action="/search">
  <label>E-mail <input name="email" placeholder="name@example.org"></label>
  <button>Find</button>
</form>
"""


@app.route("/")
def index(request):
    return page(
        "Contact finder",
        "<p>Look up a colleague by e-mail address.</p>"
        + FORM
        + '<p><small>This service is supervised; crash reports are published under <a href="/reports/">/reports/</a> for the on-call team.</small></p>',
    )


@app.route("/health")
def health(request):
    return {"status": "ok"}


@app.route("/search")
def search(request):
    email = request.query.get("email", "")
    if not EMAIL.match(email):
        return Response(page("Contact finder", "<p>That is not a valid e-mail address.</p>" + FORM), 400)
    found = [c for c in CONTACTS if c["email"] == email.lower()]
    if not found:
        return page("Contact finder", "<p>Nobody by that address.</p>" + FORM)
    person = found[0]
    return page("Contact finder", f"<p>{html.escape(person['name'])}, {html.escape(person['team'])}</p>" + FORM)


@app.prefix("/reports/")
def reports(request):
    name = os.path.basename(request.path)
    if name == "":
        items = "".join(f'<li><a href="/reports/{n}">{n}</a></li>' for n in sorted(os.listdir(REPORTS)))
        return page("Crash reports", f"<ul>{items}</ul>" if items else "<p>No crashes. Yet.</p>")
    try:
        with open(os.path.join(REPORTS, name), encoding="utf-8") as handle:
            return Response(handle.read(), content_type="text/plain; charset=utf-8")
    except OSError:
        return Response(page("Crash reports", "<p>No such report.</p>"), 404)


@app.route("/admin")
def admin(request):
    if request.query.get("key") != ADMIN_KEY:
        return Response(page("Admin", "<p>An admin key is required: /admin?key=...</p>"), 403)
    record("admin_login", "admin key accepted")
    return page("Admin", f"<p>Maintenance token: {html.escape(config['flag'])}</p>")


serve(app, config["port"], threaded=False)
