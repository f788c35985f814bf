"""Known answers of the mobile flavor's encryption and the password digest."""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
import pytest

from custom_components.sew_thinq.sew import (
    Encryption,
    MobileDialect,
    SewResponseError,
    hash_password,
)
from custom_components.sew_thinq.sew.bodies import encode_query, mobile_body
from custom_components.sew_thinq.sew.crypto import decrypt, encrypt

PARAMS = [
    ("UserId", "jane.doe@example.com"),
    ("Password", hash_password("correct horse battery staple")),
]
ANDROID_QUERY = (
    "gAGeF133AgKka0W9vpFIOgHge0Lzrlv8ws4RcDCOmdlydThxFVrW474ImmT+C1xy7+7lNngB5wu8AE2yi49aOQLf"
    "t8egje74FvSRMgXRuASephnQMuUSa3/EZtbXlTgdkkqf6aLvF98zEq/GoA72TA=="
)
IOS_QUERY = (
    "5+ewgo38MjCqdLqDCLXYXcN4oGziPcvUsMy+fJuScvGFeJAAk2a0sWnMlc7uXpCyN6b6oVT8lDu+Cnp2ZfT331l5"
    "HuUr6MrSWmHYF+qkdwh43BxK3Z2XZKHZOeF6sdj6w1ZNvS79mJzgQZ5QL3RYWg=="
)


def test_password_digest() -> None:
    """The digest is the lowercase hex SHA-256 of the UTF-8 password."""
    assert hash_password("correct horse battery staple") == (
        "c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a"
    )
    assert (
        hash_password("")
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


@pytest.mark.parametrize(
    ("encryption", "enc_type", "query", "iv"),
    [
        (Encryption.KEY_IV, "A", ANDROID_QUERY, b"PasswordPassword"),
        (Encryption.ZERO_IV, "I", IOS_QUERY, bytes(16)),
    ],
)
def test_known_answer(
    encryption: Encryption, enc_type: str, query: str, iv: bytes
) -> None:
    """The seed dialect's body for a fixed parameter set is fixed, and decrypts back."""
    ciphertext = encrypt(encode_query(PARAMS, MobileDialect.SEED), encryption)
    assert mobile_body(ciphertext, MobileDialect.SEED, encryption) == {
        "EncType": enc_type,
        "EncQuery": query,
    }
    # The seed's algorithm, written independently with another library.
    padder = padding.PKCS7(128).padder()
    clear = padder.update(
        b"UserId=jane.doe%40example.com&Password=" + PARAMS[1][1].encode()
    )
    encryptor = Cipher(algorithms.AES(b"PasswordPassword"), modes.CBC(iv)).encryptor()
    raw = encryptor.update(clear + padder.finalize()) + encryptor.finalize()
    assert base64.b64encode(raw).decode() == query
    assert parse_qsl(decrypt(query, encryption)) == PARAMS


def test_line_breaks_and_unicode() -> None:
    """Base64 split over lines (Android's Base64.DEFAULT) decrypts; text survives."""
    text = '{"Name": "Zoë Østergaard", "City": "São Paulo"}'
    encoded = encrypt(text, Encryption.KEY_IV)
    wrapped = (
        "\r\n".join(encoded[i : i + 20] for i in range(0, len(encoded), 20)) + "\n"
    )
    assert decrypt(wrapped, Encryption.KEY_IV) == text


@pytest.mark.parametrize(
    "garbage", ["not base64!", "QUJD", ANDROID_QUERY[:-4] + "AAA="]
)
def test_garbage_does_not_decrypt(garbage: str) -> None:
    """Text that is not a ciphertext is a response error."""
    with pytest.raises(SewResponseError, match="does not decrypt"):
        decrypt(garbage, Encryption.ZERO_IV)


def test_sew_dialect_body() -> None:
    """SEW's own dialect: `EncQuery` first, then `encType` "I" with IV = key.

    As in SEW's test code (ranjit-biswal/ApiTesting LoginMobile.java:34-35).
    """
    ciphertext = encrypt("userid=a@b.c", Encryption.KEY_IV)
    body = mobile_body(ciphertext, MobileDialect.SEW, Encryption.KEY_IV)
    assert list(body) == ["EncQuery", "encType"]
    assert body["encType"] == "I"
    assert decrypt(body["EncQuery"], Encryption.KEY_IV) == "userid=a@b.c"
