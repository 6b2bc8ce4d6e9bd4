"""Toy primitives for the crypto challenges -- NOT for real use. Python's standard library has
no AES, so these stand in for it: a stream cipher (SHA-256 in counter mode) and a 16-byte
block cipher (an 8-round Feistel network with SHA-256 round functions). Each challenge's
weakness lies in how its service uses them (a reused nonce, ECB, a padding oracle, a
guessable seed), as in the real attacks, not in the primitives."""
import hashlib

BLOCK = 16


def xor(left, right):
    return bytes(a ^ b for a, b in zip(left, right))


def keystream(key, nonce, length):
    """SHA-256(key || nonce || counter) blocks, cut to length."""
    out = bytearray()
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(key + nonce + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:length])


def stream_seal(key, nonce, plaintext):
    return xor(plaintext, keystream(key, nonce, len(plaintext)))


class ToyBlockCipher:
    """16-byte blocks; 8 Feistel rounds, each keyed by SHA-256(key || round)."""

    def __init__(self, key):
        self.round_keys = [hashlib.sha256(key + bytes([i])).digest() for i in range(8)]

    @staticmethod
    def _round(round_key, half):
        return hashlib.sha256(round_key + half).digest()[:8]

    def encrypt_block(self, block):
        left, right = block[:8], block[8:]
        for round_key in self.round_keys:
            left, right = right, xor(left, self._round(round_key, right))
        return left + right

    def decrypt_block(self, block):
        left, right = block[:8], block[8:]
        for round_key in reversed(self.round_keys):
            left, right = xor(right, self._round(round_key, left)), left
        return left + right


def pad(data):
    """PKCS#7 to a multiple of 16 bytes."""
    count = BLOCK - len(data) % BLOCK
    return data + bytes([count]) * count


def unpad(data):
    """Raises ValueError when the PKCS#7 padding is wrong."""
    if not data or len(data) % BLOCK:
        raise ValueError("length")
    count = data[-1]
    if count < 1 or count > BLOCK or data[-count:] != bytes([count]) * count:
        raise ValueError("padding")
    return data[:-count]


def ecb_encrypt(cipher, plaintext):
    data = pad(plaintext)
    return b"".join(cipher.encrypt_block(data[i:i + BLOCK]) for i in range(0, len(data), BLOCK))


def ecb_decrypt(cipher, ciphertext):
    if not ciphertext or len(ciphertext) % BLOCK:
        raise ValueError("length")
    blocks = [cipher.decrypt_block(ciphertext[i:i + BLOCK]) for i in range(0, len(ciphertext), BLOCK)]
    return unpad(b"".join(blocks))


def cbc_encrypt(cipher, iv, plaintext):
    data = pad(plaintext)
    previous, out = iv, bytearray()
    for i in range(0, len(data), BLOCK):
        previous = cipher.encrypt_block(xor(data[i:i + BLOCK], previous))
        out += previous
    return bytes(out)


def cbc_decrypt(cipher, iv, ciphertext):
    if not ciphertext or len(ciphertext) % BLOCK:
        raise ValueError("length")
    previous, out = iv, bytearray()
    for i in range(0, len(ciphertext), BLOCK):
        block = ciphertext[i:i + BLOCK]
        out += xor(cipher.decrypt_block(block), previous)
        previous = block
    return unpad(bytes(out))
