"""Team dashboard: display preferences live in a cookie holding a base64 pickle, which the
server unpickles as it comes (insecure deserialisation)."""

import base64
import html
import json
import pickle

from web_app import App, Response, page, redirect, serve

config = json.load(open("config.json"))
DEFAULTS = {"theme": "light", "greeting": "Welcome back"}
app = App()


def encode(prefs):
    return base64.b64encode(pickle.dumps(prefs)).decode()


def preferences(request):
    raw = request.cookies.get("prefs")
    if not raw:
        return dict(DEFAULTS)
    try:
        prefs = pickle.loads(base64.b64decode(raw))
    except Exception:
        return dict(DEFAULTS)
    return prefs if isinstance(prefs, dict) else dict(DEFAULTS)


@app.route("/")
def index(request):
    prefs = preferences(request)
    theme = html.escape(str(prefs.get("theme", "light")))
    greeting = html.escape(str(prefs.get("greeting", "")))
    body = f"""
<p class="{theme}">{greeting}, {html.escape(config['team'])} team.</p>
<ul><li>Deploys this week: {config['deploys']}</li><li>Open incidents: 0</li></ul>
<form method="post" action="/prefs">
  <label>Theme <select name="theme"><option>light</option><option>dark</option></select></label>
  <label>Greeting <input name="greeting" value="{greeting}"></label>
  <button>Save preferences</button>
</form>"""
    response = Response(page("Team dashboard", body))
    if "prefs" not in request.cookies:
        response.headers.append(("Set-Cookie", f"prefs={encode(prefs)}; Path=/"))
    return response


@app.route("/prefs", methods=("POST",))
def save(request):
    form = request.form
    prefs = {"theme": form.get("theme", "light")[:20], "greeting": form.get("greeting", "")[:80]}
    return redirect("/", [("Set-Cookie", f"prefs={encode(prefs)}; Path=/")])


serve(app, config["port"])
