"""AES as SEW's mobile services use it.

SEW's server code (KaranWalia1387/Test1 @ 9507f60d SCM/SCM/SSO/App_Code/AESEncryption.cs):
AES-128-CBC, PKCS7, key UTF-8 "PasswordPassword"; `DecryptAndroid` uses IV = key,
`DecryptIOS` a zero IV; base64 through .NET's Convert.FromBase64String, which skips white
space (SEW's Java util encodes with Android's Base64.DEFAULT, line breaks every 76
characters: ranjit-biswal/ApiTesting @ 7230ed8a src/main/java/com/smartusys/Util/
DataEncryptDecrypt.java:41-55).
"""

from __future__ import annotations

import base64

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad

KEY = b"PasswordPassword"
ANDROID_IV = KEY
IOS_IV = bytes(16)
IVS = {"android": ANDROID_IV, "ios": IOS_IV}


def encrypt(text: str, iv: bytes, *, line_breaks: bool = False) -> str:
    """Encrypt and base64-encode, optionally with a line break every 76 characters."""
    cipher = AES.new(KEY, AES.MODE_CBC, iv=iv)
    encoded = base64.b64encode(
        cipher.encrypt(pad(text.encode(), AES.block_size))
    ).decode()
    if not line_breaks:
        return encoded
    return "\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76)) + "\n"


def decrypt(encoded: str, iv: bytes) -> bytes:
    """Decode and decrypt; raise binascii.Error (base64) or ValueError (padding)."""
    raw = base64.b64decode("".join(encoded.split()), validate=True)
    cipher = AES.new(KEY, AES.MODE_CBC, iv=iv)
    return unpad(cipher.decrypt(raw), AES.block_size)
