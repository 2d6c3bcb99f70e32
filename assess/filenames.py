"""File names made from agency ids: safe on any filesystem, never a path, unique within a folder."""

from __future__ import annotations

import re
import unicodedata

_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
MAX_STEM = 64


def ascii_fold(text: str) -> str:
    """Vietnamese to plain ASCII letters: 'Đồng Phú' -> 'Dong Phu'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def safe_stem(agency_id: str, fallback: str = "agency") -> str:
    """A file-name stem: ASCII letters, digits, '-', '_' and '.', no leading dot, at most 64 chars.

    Path separators, '..', control characters and reserved device names cannot survive it."""
    text = ascii_fold(agency_id)
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"-{2,}", "-", text).strip("-._")
    text = text[:MAX_STEM].rstrip("-._")
    if not text:
        text = fallback
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = f"_{text}"
    return text


def unique_stems(agency_ids: list[str]) -> list[str]:
    """safe_stem for each id, with -2, -3 ... added where two ids fold to the same stem
    (comparing without case, for case-insensitive filesystems)."""
    seen: set[str] = set()
    out = []
    for agency_id in agency_ids:
        stem = safe_stem(agency_id)
        candidate, n = stem, 2
        while candidate.lower() in seen:
            suffix = f"-{n}"
            candidate = stem[: MAX_STEM - len(suffix)] + suffix
            n += 1
        seen.add(candidate.lower())
        out.append(candidate)
    return out
