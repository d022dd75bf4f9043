"""Backups encrypted at rest, as a stream: the archive is never whole in memory or on disk
in clear, however large the database and the files are.

The construction is age's (age-encryption.org/v1) payload, on the `cryptography` package's
ChaCha20-Poly1305: a random 16-byte salt per file, a file key derived from the configured
key with HKDF-SHA256, and the plaintext in 64 KiB chunks, each sealed with a nonce of its
number and a flag on the last one (the STREAM construction). A changed, reordered, added or
removed chunk, a truncated file or a wrong key fails authentication; nothing unchecked is
ever returned. `cryptography` (pyca, backed by OpenSSL) is already in the image for the
login code and is the most closely kept cryptography library for Python; Fernet, its
high-level recipe, needs the whole message in memory, which a backup of the national data set
cannot afford.

    header:  MAGIC (22 bytes) | salt (16 bytes)
    chunks:  ChaCha20-Poly1305(file key, nonce = counter (11 bytes, big-endian) | last (1))
"""

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"ALISVEST-BACKUP-ENC-1\n"
SALT_BYTES = 16
CHUNK = 64 * 1024
TAG = 16
MIN_KEY_CHARS = 32


class BackupDecryptionError(Exception):
    """Wrong key, or the file was changed or cut short."""


def file_key(key, salt):
    if len(key) < MIN_KEY_CHARS:
        raise ValueError(f"BACKUP_ENCRYPTION_KEY må ha minst {MIN_KEY_CHARS} tegn.")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"alisvest backup v1")
    return ChaCha20Poly1305(hkdf.derive(key.encode()))


def nonce(counter, last):
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def is_encrypted(path):
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


class EncryptingWriter:
    """A write-only file object: what is written goes out sealed to `raw`. close() seals the
    last chunk (so it must be called; it does not close `raw`)."""

    def __init__(self, raw, key):
        salt = os.urandom(SALT_BYTES)
        self.raw, self.aead = raw, file_key(key, salt)
        self.buffer, self.counter = bytearray(), 0
        raw.write(MAGIC + salt)

    def write(self, data):
        self.buffer += data
        while len(self.buffer) > CHUNK:  # keep at least one byte back for the last chunk
            self._seal(bytes(self.buffer[:CHUNK]), last=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _seal(self, chunk, last):
        self.raw.write(self.aead.encrypt(nonce(self.counter, last), chunk, None))
        self.counter += 1

    def flush(self):
        self.raw.flush()

    def close(self):
        self._seal(bytes(self.buffer), last=True)
        self.buffer.clear()
        self.raw.flush()


class DecryptingReader:
    """A read-only file object over a file written by EncryptingWriter."""

    def __init__(self, raw, key):
        header = raw.read(len(MAGIC) + SALT_BYTES)
        if not header.startswith(MAGIC):
            raise BackupDecryptionError("Filen er ikke en kryptert sikkerhetskopi.")
        self.raw, self.aead = raw, file_key(key, header[len(MAGIC) :])
        self.counter, self.done = 0, False
        self.plain = bytearray()
        self.ahead = raw.read(CHUNK + TAG)

    def _open_next(self):
        sealed, self.ahead = self.ahead, self.raw.read(CHUNK + TAG)
        last = not self.ahead
        try:
            self.plain += self.aead.decrypt(nonce(self.counter, last), sealed, None)
        except InvalidTag as error:
            raise BackupDecryptionError(
                "Sikkerhetskopien kan ikke dekrypteres: feil nøkkel, eller filen er endret "
                "eller avkortet."
            ) from error
        self.counter += 1
        self.done = last

    def read(self, size=-1):
        while not self.done and (size < 0 or len(self.plain) < size):
            self._open_next()
        size = len(self.plain) if size < 0 else min(size, len(self.plain))
        data = bytes(self.plain[:size])
        del self.plain[:size]
        return data
