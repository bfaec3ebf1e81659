"""Sniff what a file really is and how its text is encoded."""

from __future__ import annotations

import codecs

from .errors import DecodeError, EmptyFileError

TEXT_SUFFIXES = frozenset({".txt", ".tsv", ".csv", ".md", ".markdown", ".text"})

# Control bytes other than tab, newline and carriage return rarely appear in real text;
# a file with many of them is binary whatever its extension says.
#: How far into a file a PDF's ``%PDF-`` header may start.
PDF_HEADER_WITHIN = 1024

_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def decode_text(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding_used)``.

    Order: an explicit ``encoding``; a byte-order mark; strict UTF-8 (read as ``utf-8-sig``
    so a BOM never leaks into the first header); then charset-normalizer's best guess.
    Raises :class:`DecodeError` for binary data and :class:`EmptyFileError` for no data.
    """
    if not data.strip():
        raise EmptyFileError(path, "the file is empty")
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise DecodeError(
                path, f"cannot be decoded as {encoding} ({exc}); try another --encoding"
            ) from None
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    if b"\x00" in sample or sum(sample.count(bytes([c])) for c in _CONTROL) > len(sample) // 20:
        # UTF-16 without a BOM is the one legitimate text with NUL bytes.
        guess = _guess_utf16(sample)
        if guess:
            try:
                return data.decode(guess), guess
            except UnicodeDecodeError:
                pass
        raise DecodeError(path, "this looks like binary data, not text")
    from charset_normalizer import from_bytes  # lazy: only for non-UTF-8 files

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(path, "the text encoding could not be recognised; pass --encoding")
    text = str(best)
    # Several single-byte code pages decode the same bytes to the same text; for UK
    # publishers Windows-1252 is by far the likeliest, so name it when it agrees.
    if best.encoding != "cp1252":
        try:
            if data.decode("cp1252") == text:
                return text, "cp1252"
        except UnicodeDecodeError:
            pass
    return text, best.encoding


def _guess_utf16(sample: bytes) -> str | None:
    """Return a UTF-16 codec name when NUL bytes sit on alternating positions."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def sniff(head: bytes) -> str:
    """The real type of a file from its first bytes: ``zip`` (Office Open XML and other
    zip packages), ``ole`` (legacy Office or an encrypted Office file), ``pdf``, ``rtf``,
    ``html`` or ``text``."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    # Readers accept a PDF's header anywhere in its first 1,024 bytes (a banner a mail
    # gateway or a web server put before it): "%PDF-" and a version digit at the start of
    # a line, not a mention of it inside a line of text.
    if stripped.startswith(b"%PDF"):
        return "pdf"
    at = head.find(b"%PDF-", 0, PDF_HEADER_WITHIN)
    if at > 0 and head[at + 5:at + 6].isdigit() and head[at - 1:at] in (b"\n", b"\r"):
        return "pdf"
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    lower = stripped[:512].lower()
    if lower.startswith((b"<!doctype html", b"<html")) or b"<table" in lower[:512]:
        return "html"
    return "text"
