"""Member directory: the profile update builds its UPDATE statement by string formatting
(SQL injection in a write), so a member can set columns the form does not offer."""

import html
import json
import os
import secrets
import sqlite3
import threading

from outcome_log import record
from web_app import App, Response, page, redirect, serve

config = json.load(open("config.json"))
os.makedirs("/srv/state", exist_ok=True)
db = sqlite3.connect("/srv/state/members.db", check_same_thread=False)
lock = threading.Lock()
db.executescript(
    """
    DROP TABLE IF EXISTS users;
    CREATE TABLE users (
        id INTEGER PRIMARY KEY, username TEXT UNIQUE, password TEXT,
        email TEXT DEFAULT '', bio TEXT DEFAULT '', role TEXT DEFAULT 'member'
    );
    """
)
for user in config["users"]:
    db.execute(
        "INSERT INTO users (username, password, email, role) VALUES (?, ?, ?, ?)",
        (user["username"], user["password"], user["email"], user["role"]),
    )
db.commit()
SEEDED_ADMINS = {u["username"] for u in config["users"] if u["role"] == "admin"}
sessions = {}
app = App()

NAV = '<p><a href="/register">Register</a> · <a href="/login">Sign in</a> · <a href="/profile">Profile</a> · <a href="/admin">Admin</a></p>'


def account_form(action, label):
    return f"""
<form method="post" action="{action}">
  <label>Username <input name="username"></label>
  <label>Password <input name="password" type="password"></label>
  <button>{label}</button>
</form>"""


def current_user(request):
    uid = sessions.get(request.cookies.get("session", ""))
    if uid is None:
        return None
    with lock:
        return db.execute("SELECT id, username, email, bio, role FROM users WHERE id = ?", (uid,)).fetchone()


@app.route("/")
def index(request):
    with lock:
        count = db.execute("SELECT COUNT(*) FROM users").fetchone()[0]
    return page("Member directory", NAV + f"<p>{count} members and counting.</p>")


@app.route("/register", methods=("GET", "POST"))
def register(request):
    if request.method == "GET":
        return page("Register", NAV + account_form("/register", "Register"))
    form = request.form
    name, password = form.get("username", "").strip(), form.get("password", "")
    if not name or not password:
        return Response(page("Register", NAV + "<p>Both fields are required.</p>"), 400)
    try:
        with lock:
            db.execute("INSERT INTO users (username, password) VALUES (?, ?)", (name, password))
            db.commit()
    except sqlite3.IntegrityError:
        return Response(page("Register", NAV + "<p>That name is taken.</p>"), 409)
    return redirect("/login")


@app.route("/login", methods=("GET", "POST"))
def login(request):
    if request.method == "GET":
        return page("Sign in", NAV + account_form("/login", "Sign in"))
    form = request.form
    with lock:
        row = db.execute(
            "SELECT id FROM users WHERE username = ? AND password = ?",
            (form.get("username", ""), form.get("password", "")),
        ).fetchone()
    if row is None:
        return Response(page("Sign in", NAV + "<p>Invalid username or password.</p>"), 401)
    token = secrets.token_hex(16)
    sessions[token] = row[0]
    return redirect("/profile", [("Set-Cookie", f"session={token}; HttpOnly; Path=/")])


@app.route("/profile", methods=("GET", "POST"))
def profile(request):
    user = current_user(request)
    if user is None:
        return redirect("/login")
    note = ""
    if request.method == "POST":
        form = request.form
        statement = "UPDATE users SET email = '%s', bio = '%s' WHERE id = %d" % (
            form.get("email", ""),
            form.get("bio", ""),
            user[0],
        )
        try:
            with lock:
                db.execute(statement)
                db.commit()
            note = "<p>Profile saved.</p>"
        except sqlite3.Error:
            return Response(page("Profile", NAV + "<p>Could not save your profile.</p>"), 500)
        user = current_user(request)
    uid, name, email, bio, role = user
    body = f"""{NAV}{note}
<table>
  <tr><th>Member</th><td>{html.escape(name)}</td></tr>
  <tr><th>Role</th><td>{html.escape(str(role))}</td></tr>
</table>
<form method="post" action="/profile">
  <label>Email <input name="email" value="{html.escape(str(email))}"></label>
  <label>Bio <textarea name="bio">{html.escape(str(bio))}</textarea></label>
  <button>Save</button>
</form>"""
    return page("Profile", body)


@app.route("/admin")
def admin(request):
    user = current_user(request)
    if user is None:
        return redirect("/login")
    if user[4] != "admin":
        return Response(page("Admin", NAV + "<p>Administrators only.</p>"), 403)
    if user[1] not in SEEDED_ADMINS:
        record("privilege_escalation", f"member {user[1]} used the admin area")
    return page("Admin", NAV + f"<p>Directory signing key: {html.escape(config['flag'])}</p>")


serve(app, config["port"])
