"""Sealed votes: a vote's content encrypted from the moment it is cast until the close.

Why (see docs/ballot-secrecy.md): the voter's participation row and whatever holds their
choices are written by one transaction, so in PostgreSQL they share a transaction id (xmin)
and sit side by side in insertion order in a `pg_dump`. Nothing written by that transaction
may therefore be readable from the database alone. The choices (and the receipt hash) are
sealed with a key derived from the server's SECRET_KEY, which is not in the database nor in
its dumps; the close opens every sealed vote of the ballot and writes the papers in a random
order in one transaction.

Construction, standard library only (no new dependency): keys from HMAC-SHA256 of the
SECRET_KEY (an HKDF-style extract/expand with a per-ballot label), a keystream of
HMAC-SHA256(key, nonce || counter) blocks (a PRF in counter mode), and encrypt-then-MAC with
HMAC-SHA256 over nonce and ciphertext. The nonce is random (16 bytes). The plaintext is
padded to one length per ballot (its longest possible content), so the length of a sealed
vote says nothing about the choices ("no" is shorter than "abstain").
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from django.conf import settings

NONCE_BYTES = 16
TAG_BYTES = 32
_BLOCK = hashlib.sha256().digest_size


class SealError(Exception):
    """A sealed vote cannot be opened (wrong key or altered data)."""


def _keys(secret: str, label: str) -> tuple[bytes, bytes]:
    prk = hmac.new(
        secret.encode(), b"gonghui.voting.seal/" + label.encode(), hashlib.sha256
    ).digest()
    return (
        hmac.new(prk, b"encrypt", hashlib.sha256).digest(),
        hmac.new(prk, b"authenticate", hashlib.sha256).digest(),
    )


def _xor_stream(key: bytes, nonce: bytes, data: bytes) -> bytes:
    out = bytearray()
    for counter in range(0, (len(data) + _BLOCK - 1) // _BLOCK):
        block = hmac.new(key, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest()
        chunk = data[counter * _BLOCK : (counter + 1) * _BLOCK]
        out += bytes(a ^ b for a, b in zip(chunk, block, strict=False))
    return bytes(out)


def encode(data: dict) -> bytes:
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


def seal(label: str, data: dict, *, size: int) -> bytes:
    """`data` as JSON, padded with spaces to `size` bytes, encrypted and authenticated."""
    plain = encode(data)
    if len(plain) > size:
        raise ValueError("sealed content longer than its padded size")
    plain += b" " * (size - len(plain))
    enc, mac = _keys(settings.SECRET_KEY, label)
    nonce = secrets.token_bytes(NONCE_BYTES)
    body = nonce + _xor_stream(enc, nonce, plain)
    return body + hmac.new(mac, body, hashlib.sha256).digest()


def unseal(label: str, blob: bytes) -> dict:
    """The content of a sealed vote. Tries SECRET_KEY_FALLBACKS too, so rotating the key
    while a ballot is open (keeping the old one as a fallback) loses no vote."""
    blob = bytes(blob)
    body, tag = blob[:-TAG_BYTES], blob[-TAG_BYTES:]
    if len(body) < NONCE_BYTES:
        raise SealError("too short")
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        enc, mac = _keys(secret, label)
        if hmac.compare_digest(hmac.new(mac, body, hashlib.sha256).digest(), tag):
            nonce = body[:NONCE_BYTES]
            return json.loads(_xor_stream(enc, nonce, body[NONCE_BYTES:]).decode())
    raise SealError("no key opens this sealed vote")
