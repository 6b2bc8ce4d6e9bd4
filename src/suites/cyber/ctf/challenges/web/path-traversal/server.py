"""Document archive: the viewer joins a query parameter onto its folder (path traversal)."""

import html
import json
import os

from outcome_log import record
from web_app import App, Response, page, serve

config = json.load(open("config.json"))
PUBLIC = "/srv/public"
app = App()


@app.route("/")
def index(request):
    names = sorted(os.listdir(PUBLIC))
    items = "".join(f'<li><a href="/view?doc={html.escape(n)}">{html.escape(n)}</a></li>' for n in names)
    return page("Document archive", f"<p>Public reports of the records office.</p><ul>{items}</ul>")


@app.route("/view")
def view(request):
    name = request.query.get("doc", "")
    if name == "":
        return Response(page("Document archive", "<p>Which document?</p>"), 400)
    path = os.path.join(PUBLIC, name)
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except (FileNotFoundError, NotADirectoryError):
        return Response(page("Document archive", f"<p>No document {html.escape(name)}.</p>"), 404)
    except (IsADirectoryError, PermissionError) as error:
        return Response(page("Document archive", f"<p>{html.escape(str(error))}</p>"), 403)
    resolved = os.path.realpath(path)
    if not resolved.startswith(PUBLIC + os.sep):
        record("file_read", resolved)
    return Response(text, content_type="text/plain; charset=utf-8")


serve(app, config["port"])
