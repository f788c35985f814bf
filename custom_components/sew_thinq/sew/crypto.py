"""The mobile flavor's parameter encryption and the password digest.

AES-128-CBC with PKCS#7 padding and the key "PasswordPassword"; the IV is the key
(`DecryptAndroid`) or 16 zero bytes (`DecryptIOS`) in SEW's server code (P17
KaranWalia1387/Test1 SCM/SCM/SSO/App_Code/AESEncryption.cs), as in SEW's Java util (P16
ranjit-biswal/ApiTesting DataEncryptDecrypt.java `Encrypt`, `encryptIOS`).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
import hashlib

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad

from .errors import SewResponseError
from .layout import Encryption

KEY = b"PasswordPassword"
IVS: Mapping[Encryption, bytes] = {
    Encryption.KEY_IV: KEY,
    Encryption.ZERO_IV: bytes(16),
}
# pycryptodome imports a mode's module (and loads its C library) at the first `AES.new`
# with that mode: do it now, while Home Assistant imports this module in its executor,
# rather than at the first login, on the event loop.
AES.new(KEY, AES.MODE_CBC, iv=KEY)


def hash_password(password: str) -> str:
    """Return the lowercase hex SHA-256 of the UTF-8 password, as mobile logins send it."""
    return hashlib.sha256(password.encode()).hexdigest()


def encrypt(cleartext: str, encryption: Encryption) -> str:
    """Encrypt text, returned as single-line base64 (as in the captured request)."""
    cipher = AES.new(KEY, AES.MODE_CBC, iv=IVS[encryption])
    return base64.b64encode(
        cipher.encrypt(pad(cleartext.encode(), AES.block_size))
    ).decode("ascii")


def decrypt(ciphertext: str, encryption: Encryption) -> str:
    """Decrypt base64 text; line breaks are allowed (Java's `Base64.DEFAULT` adds them)."""
    try:
        raw = base64.b64decode("".join(ciphertext.split()), validate=True)
        cipher = AES.new(KEY, AES.MODE_CBC, iv=IVS[encryption])
        return unpad(cipher.decrypt(raw), AES.block_size).decode()
    except (binascii.Error, ValueError) as err:
        raise SewResponseError(
            "The portal sent an encrypted answer that does not decrypt"
        ) from err
