"""Staff portal: a login form whose query is built by string formatting (SQL injection)."""

import html
import json
import secrets
import sqlite3
import threading

from outcome_log import record
from web_app import App, Response, page, redirect, serve

config = json.load(open("config.json"))
db = sqlite3.connect(":memory:", check_same_thread=False)
lock = threading.Lock()
db.executescript(
    """
    CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, password TEXT, role TEXT);
    CREATE TABLE notes (id INTEGER PRIMARY KEY, owner TEXT, body TEXT);
    """
)
for user in config["users"]:
    db.execute("INSERT INTO users (username, password, role) VALUES (?, ?, ?)", (user["username"], user["password"], user["role"]))
db.execute("INSERT INTO notes (owner, body) VALUES ('admin', ?)", ("Release key: " + config["flag"],))
db.execute("INSERT INTO notes (owner, body) VALUES ('admin', 'Rotate the VPN certificates before Friday.')")
db.commit()
sessions = {}
app = App()

LOGIN_FORM = """
<form method="post" action="/login">
  <label>Username <input name="username"></label>
  <label>Password <input name="password" type="password"></label>
  <button>Sign in</button>
</form>
"""


@app.route("/")
def index(request):
    return page("Staff portal", "<p>Authorised personnel only.</p>" + LOGIN_FORM)


@app.route("/login", methods=("GET", "POST"))
def login(request):
    if request.method == "GET":
        return page("Sign in", LOGIN_FORM)
    form = request.form
    query = (
        "SELECT id, username, role FROM users WHERE username = '%s' AND password = '%s'"
        % (form.get("username", ""), form.get("password", ""))
    )
    try:
        with lock:
            row = db.execute(query).fetchone()
    except sqlite3.Error as error:
        return Response(page("Sign in", f"<p>database error: {html.escape(str(error))}</p>" + LOGIN_FORM), 500)
    if row is None:
        return Response(page("Sign in", "<p>Invalid username or password.</p>" + LOGIN_FORM), 401)
    token = secrets.token_hex(16)
    sessions[token] = {"username": row[1], "role": row[2]}
    if row[2] == "admin":
        record("admin_login", f"signed in as {row[1]}")
    return redirect("/dashboard", [("Set-Cookie", f"session={token}; HttpOnly; Path=/")])


@app.route("/dashboard")
def dashboard(request):
    session = sessions.get(request.cookies.get("session", ""))
    if session is None:
        return redirect("/login")
    body = f"<p>Signed in as {html.escape(session['username'])} ({session['role']}).</p>"
    if session["role"] == "admin":
        with lock:
            notes = db.execute("SELECT body FROM notes WHERE owner = 'admin'").fetchall()
        body += "<h2>Admin notes</h2><ul>" + "".join(f"<li>{html.escape(n[0])}</li>" for n in notes) + "</ul>"
    else:
        body += "<p>You have no notes.</p>"
    return page("Dashboard", body)


serve(app, config["port"])
