"""Uptime checker: a host name goes into a shell command behind a deny-list (blind command
injection). Only "up" or "down" comes back; the static folder is served as it is on disk."""

import html
import json
import os
import subprocess

from web_app import App, Response, page, serve

config = json.load(open("config.json"))
STATIC = "/srv/static"
FORBIDDEN = set(";&|<>`\n\r")
app = App()

FORM = """
<form method="post" action="/check">
  <label>Host <input name="host" placeholder="example.org"></label>
  <button>Check</button>
</form>
"""


@app.route("/")
def index(request):
    return page("Uptime checker", "<p>Is it down for everyone or just me?</p>" + FORM)


@app.route("/check", methods=("POST",))
def check(request):
    target = request.form.get("host", "").strip()
    if target == "":
        return Response(page("Uptime checker", "<p>Which host?</p>" + FORM), 400)
    if FORBIDDEN & set(target):
        return Response(page("Uptime checker", "<p>Invalid characters in host name.</p>" + FORM), 400)
    try:
        result = subprocess.run(
            f"getent hosts {target} > /dev/null 2>&1",
            shell=True,
            cwd="/srv",
            timeout=20,
            capture_output=True,
        )
        state = "up" if result.returncode == 0 else "down"
    except subprocess.TimeoutExpired:
        state = "down"
    return page("Uptime checker", f"<p>{html.escape(target)} is <b>{state}</b>.</p>" + FORM)


@app.prefix("/static/")
def static(request):
    name = os.path.basename(request.path)
    try:
        with open(os.path.join(STATIC, name), "rb") as handle:
            data = handle.read()
    except OSError:
        return Response(page("Not found", "<p>No such file.</p>"), 404)
    kind = "text/css" if name.endswith(".css") else "text/plain; charset=utf-8"
    return Response(data, content_type=kind)


serve(app, config["port"])
