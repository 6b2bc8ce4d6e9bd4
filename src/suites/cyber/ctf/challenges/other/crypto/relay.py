"""Sealed bulletin relay: bulletins are sealed with a stream cipher. The nonce is drawn once
when the relay starts and used for every bulletin, so all of them share one keystream."""
import json

from line_server import serve
from toy_cipher import stream_seal

config = json.load(open("config.json"))
key = bytes.fromhex(config["key"])
nonce = bytes.fromhex(config["nonce"])
bulletins = {
    "1": {"audience": "public", "text": config["public"]},
    "2": {"audience": "operators", "text": config["operators"]},
}


def handle(command, argument, session):
    if command == "help":
        return "commands: list | get <id> (sealed) | clear <id> (public bulletins only) | quit"
    if command == "list":
        return "\n".join(f"bulletin {n}: {b['audience']}" for n, b in bulletins.items())
    bulletin = bulletins.get(argument.strip())
    if command in ("get", "clear") and bulletin is None:
        return "no such bulletin"
    if command == "get":
        sealed = stream_seal(key, nonce, bulletin["text"].encode())
        return f"nonce={nonce.hex()} ciphertext={sealed.hex()}"
    if command == "clear":
        if bulletin["audience"] != "public":
            return "refused: operators only"
        return bulletin["text"]
    return "unknown command (try help)"


serve(int(config["port"]), "Sealed bulletin relay. Type help.", handle)
