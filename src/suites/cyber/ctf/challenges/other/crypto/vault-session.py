"""Vault sessions: the server keeps session data in the client's token, encrypted with a toy
block cipher in CBC mode (IV first). Checking a token tells a padding error apart from a
session that decrypts but is malformed: a padding oracle."""
import json
import os

from line_server import serve
from toy_cipher import BLOCK, ToyBlockCipher, cbc_decrypt, cbc_encrypt

config = json.load(open("config.json"))
cipher = ToyBlockCipher(bytes.fromhex(config["key"]))
padding_errors = [0]


def new_token():
    iv = os.urandom(BLOCK)
    return (iv + cbc_encrypt(cipher, iv, config["session"].encode())).hex()


def count_padding_error():
    padding_errors[0] += 1
    if padding_errors[0] % 64 == 0:
        with open("padding-errors.tmp", "w") as out:
            out.write(str(padding_errors[0]))
        os.replace("padding-errors.tmp", "padding-errors")


def handle(command, argument, session):
    if command == "help":
        return "commands: token | check <token hex> | quit"
    if command == "token":
        return new_token()
    if command == "check":
        try:
            raw = bytes.fromhex(argument.strip())
        except ValueError:
            return "error: not hex"
        if len(raw) < 2 * BLOCK or len(raw) % BLOCK:
            return "error: bad length"
        try:
            plaintext = cbc_decrypt(cipher, raw[:BLOCK], raw[BLOCK:])
        except ValueError:
            count_padding_error()
            return "error: invalid padding"
        try:
            fields = dict(f.split("=", 1) for f in plaintext.decode().split(";"))
            return f"session ok: user {fields['user']}"
        except (ValueError, KeyError, UnicodeDecodeError):
            return "error: malformed session"
    return "bad command (try help)"


serve(int(config["port"]), f"Vault session check. Your token: {new_token()}\nType help.", handle)
