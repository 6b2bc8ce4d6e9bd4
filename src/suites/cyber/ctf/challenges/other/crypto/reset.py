"""Account service with password resets. Reset tokens come from Python's `random` seeded with
the start time in whole seconds, and the administrator asked for a reset right at start-up."""
import json
import random
import secrets
import time

import outcome_log
from line_server import serve

config = json.load(open("config.json"))
started = int(time.time())
tokens = random.Random(started)
passwords = {"admin": secrets.token_hex(16), "guest": "guest", **{u: secrets.token_hex(8) for u in config["staff"]}}
pending = {}


def log(event):
    with open("events.log", "a") as events:
        events.write(f"{int(time.time())} {event}\n")


def issue(user):
    token = f"{tokens.getrandbits(64):016x}"
    pending[user] = token
    return token


issue("admin")
log("reset requested for admin")


def handle(command, argument, session):
    words = argument.split()
    if command == "help":
        return ("commands: status | reset <user> | redeem <user> <token> <new password> | "
                "login <user> <password> | quit")
    if command == "status":
        return (f"accounts: {', '.join(sorted(passwords))}; "
                f"up since {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}")
    if command == "reset" and len(words) == 1:
        user = words[0]
        if user not in passwords:
            return "no such account"
        token = issue(user)
        if user == "guest":
            return f"reset token for guest (demo account, shown here): {token}"
        return f"reset token e-mailed to {user}"
    if command == "redeem" and len(words) == 3:
        user, token, new_password = words
        if pending.get(user) != token:
            return "invalid token"
        del pending[user]
        passwords[user] = new_password
        log(f"password reset {user}")
        return f"password for {user} changed"
    if command == "login" and len(words) == 2:
        user, password = words
        if passwords.get(user) != password:
            return "login failed"
        log(f"login {user}")
        if user == "admin":
            outcome_log.record("admin_login", "admin logged in")
            return f"welcome admin. recovery key: {config['flag']}"
        return f"welcome {user}. nothing here for you."
    return "bad command (try help)"


serve(int(config["port"]), "Account service. Type help.", handle)
