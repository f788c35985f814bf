"""The mobile flavor's parameter encryption and the password digest."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
import hashlib
from urllib.parse import urlencode

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad

from .errors import SewResponseError
from .models import Encryption

KEY = b"PasswordPassword"
IVS: Mapping[Encryption, bytes] = {
    Encryption.ANDROID: KEY,
    Encryption.IOS: bytes(16),
}
ENC_TYPES: Mapping[Encryption, str] = {Encryption.ANDROID: "A", Encryption.IOS: "I"}


def hash_password(password: str) -> str:
    """Return the lowercase hex SHA-256 of the UTF-8 password, as SEW logins expect."""
    return hashlib.sha256(password.encode()).hexdigest()


def encrypt(cleartext: str, encryption: Encryption) -> str:
    """Encrypt text with AES-128-CBC and PKCS#7 padding, returned as base64."""
    cipher = AES.new(KEY, AES.MODE_CBC, iv=IVS[encryption])
    return base64.b64encode(
        cipher.encrypt(pad(cleartext.encode(), AES.block_size))
    ).decode("ascii")


def decrypt(ciphertext: str, encryption: Encryption) -> str:
    """Decrypt base64 text (line breaks allowed) encrypted by `encrypt`."""
    try:
        raw = base64.b64decode("".join(ciphertext.split()), validate=True)
        cipher = AES.new(KEY, AES.MODE_CBC, iv=IVS[encryption])
        return unpad(cipher.decrypt(raw), AES.block_size).decode()
    except (binascii.Error, ValueError) as err:
        raise SewResponseError(
            "The portal sent an encrypted answer that does not decrypt"
        ) from err


def encrypt_query(params: Mapping[str, str], encryption: Encryption) -> dict[str, str]:
    """Build the mobile flavor's request body for an encrypting variant."""
    return {
        "EncType": ENC_TYPES[encryption],
        "EncQuery": encrypt(urlencode(params), encryption),
    }
