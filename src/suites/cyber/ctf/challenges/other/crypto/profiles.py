"""Profile service: a profile is encoded as email=...&uid=...&role=user and handed to the
client encrypted, block by block, in ECB mode (a toy block cipher stands in for AES)."""
import json

import outcome_log
from line_server import serve
from toy_cipher import ToyBlockCipher, ecb_decrypt, ecb_encrypt

config = json.load(open("config.json"))
cipher = ToyBlockCipher(bytes.fromhex(config["key"]))
next_uid = [int(config["first_uid"])]
issued = set()


def log(event):
    with open("events.log", "a") as events:
        events.write(event + "\n")


def handle(command, argument, session):
    if command == "help":
        return "commands: register <email> | login <token hex> | quit"
    if command == "register":
        email = argument.replace("&", "").replace("=", "")
        if not email:
            return "register needs an email"
        uid = next_uid[0]
        next_uid[0] += 1
        token = ecb_encrypt(cipher, f"email={email}&uid={uid}&role=user".encode("latin1")).hex()
        issued.add(token)
        return f"registered uid={uid} token={token}"
    if command == "login":
        try:
            token = bytes.fromhex(argument.strip())
            profile = dict(
                field.split("=", 1) for field in ecb_decrypt(cipher, token).decode("latin1").split("&")
            )
        except ValueError:
            return "bad token"
        role = profile.get("role", "")
        if token.hex() not in issued:
            log(f"forged token accepted role={role!r}")
        if role == "admin":
            log("login role=admin")
            outcome_log.record("admin_login", "token with role=admin")
            return f"welcome, administrator. flag: {config['flag']}"
        return f"welcome {profile.get('email', '?')} (role {role})"
    return "bad command (try help)"


serve(int(config["port"]), "Profile service. Type help.", handle)
