"""GitHub's token format: the last 6 characters are the CRC32 of the 30 before them, in base62 (detectors check it)."""
import zlib

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def with_checksum(token):
    """ghp_/gho_/ghu_/ghs_/ghr_ + 36 characters: keeps the prefix and the first 30, writes the checksum over the last 6."""
    assert len(token) == 40 and token[3] == "_", token
    n = zlib.crc32(token[4:34].encode())
    digits = ""
    while n:
        n, r = divmod(n, 62)
        digits = BASE62[r] + digits
    return token[:34] + digits.rjust(6, "0")
