"""Notes API: JSON Web Tokens signed with HS256, but the verifier also honours "alg": "none"
(broken authentication)."""

import base64
import hashlib
import hmac
import json
import time

from outcome_log import record
from web_app import App, json_response, serve

config = json.load(open("config.json"))
KEY = bytes.fromhex(config["signing_key"])
USERS = {u["username"]: u for u in config["users"]}
app = App()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(claims):
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims).encode())
    signature = hmac.new(KEY, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


def verify(token):
    try:
        header_text, payload_text, signature_text = token.split(".")
        header = json.loads(unb64(header_text))
        claims = json.loads(unb64(payload_text))
    except ValueError:
        return None
    algorithm = str(header.get("alg", "")).lower()
    if algorithm == "none":
        return claims  # "unsigned tokens are for the test suite", said the commit message
    if algorithm != "hs256":
        return None
    expected = hmac.new(KEY, f"{header_text}.{payload_text}".encode(), hashlib.sha256).digest()
    try:
        given = unb64(signature_text)
    except ValueError:
        return None
    return claims if hmac.compare_digest(expected, given) else None


def caller(request):
    token = request.bearer()
    claims = verify(token) if token else None
    if claims is None or claims.get("exp", 0) < time.time():
        return None
    return claims


@app.route("/")
def index(request):
    return {
        "service": "notes-api",
        "endpoints": {
            "POST /api/login": "JSON {username, password} -> {token}",
            "GET /api/notes": "your notes (Authorization: Bearer <token>)",
            "GET /api/admin/flag": "administrators only",
        },
        "demo_account": {"username": "guest", "password": config["guest_password"]},
    }


@app.route("/api/login", methods=("POST",))
def login(request):
    try:
        body = request.json()
        user = USERS.get(body.get("username"))
        password = body.get("password")
    except (ValueError, AttributeError):
        return json_response({"error": "send JSON {username, password}"}, 400)
    if user is None or not hmac.compare_digest(str(password), user["password"]):
        return json_response({"error": "invalid credentials"}, 401)
    claims = {"sub": user["username"], "role": user["role"], "exp": int(time.time()) + 3600}
    return {"token": sign(claims)}


@app.route("/api/notes")
def notes(request):
    claims = caller(request)
    if claims is None:
        return json_response({"error": "missing or invalid token"}, 401)
    return {"user": claims.get("sub"), "role": claims.get("role"), "notes": ["Buy milk.", "Water the plants."]}


@app.route("/api/admin/flag")
def admin_flag(request):
    claims = caller(request)
    if claims is None:
        return json_response({"error": "missing or invalid token"}, 401)
    if claims.get("role") != "admin":
        return json_response({"error": "administrators only", "your_role": claims.get("role")}, 403)
    record("admin_login", f"admin API used as {claims.get('sub')}")
    return {"flag": config["flag"]}


serve(app, config["port"])
