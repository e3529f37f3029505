"""Checking a .docx package before anything parses it.

A Word file is a zip archive. Before python-docx sees it, the archive's
directory (not its contents) is checked: a corrupt zip, a zip bomb (more than
:data:`MAX_UNCOMPRESSED` bytes in all, or a compression ratio above
:data:`MAX_RATIO`), a macro-enabled document (.docm: a vbaProject part or the
macro-enabled content type) and a zip that is not a Word document are refused
with a typed error. Declared sizes are trustworthy here: :mod:`zipfile` never
inflates an entry past its declared size.
"""

from __future__ import annotations

import io
import zipfile

from .errors import DocumentFormatError, UnsafeDocument

MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 10_000  # a real document has dozens of parts
_MACRO_TYPES = (b"macroEnabled", b"vbaProject", b"vbaData")
_WORD_MAIN = b"wordprocessingml.document.main+xml"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_docx(data: bytes, name: str) -> None:
    """Raise unless ``data`` is a plain (macro-free) Word document of sane size."""
    if data.startswith(OLE_MAGIC):
        raise DocumentFormatError(
            f"{name} is a legacy .doc or a password-protected Word file; save it as an unprotected .docx",
            path=name, expected="docx", reason="ole",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise DocumentFormatError(
            f"{name} is not a Word document: the zip archive is damaged ({exc})", path=name, expected="docx", reason="corrupt-zip"
        ) from None
    if len(entries) > MAX_ENTRIES:
        raise UnsafeDocument(f"{name} holds {len(entries)} archive entries (limit {MAX_ENTRIES}); refused", path=name, reason="entries")
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if total > MAX_UNCOMPRESSED:
        raise UnsafeDocument(
            f"{name} unpacks to {total / 2**20:.0f} MB (limit {MAX_UNCOMPRESSED // 2**20} MB); refused as a possible zip bomb",
            path=name, reason="too-large",
        )
    if total > MAX_RATIO * max(packed, 1) and total > 1024 * 1024:
        raise UnsafeDocument(
            f"{name} is compressed {total / max(packed, 1):.0f}:1 (limit {MAX_RATIO}:1); refused as a possible zip bomb",
            path=name, reason="ratio",
        )
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise DocumentFormatError(
            f"{name} is a zip archive but not a Word document (no word/ part)", path=name, expected="docx", reason="not-word"
        )
    try:
        types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentFormatError(
            f"{name} is not a Word document: the zip archive is damaged ({exc})", path=name, expected="docx", reason="corrupt-zip"
        ) from None
    if any(n.lower().endswith("vbaproject.bin") for n in names) or any(t in types for t in _MACRO_TYPES):
        raise UnsafeDocument(
            f"{name} is a macro-enabled Word document (.docm); save it as a .docx without macros", path=name, reason="macros"
        )
    if _WORD_MAIN not in types:
        raise DocumentFormatError(
            f"{name} is not a Word document (its main part is not a wordprocessing document)",
            path=name, expected="docx", reason="not-word",
        )


def is_zip(data: bytes) -> bool:
    """Does ``data`` start like a zip archive (a .docx, .xlsx, .odt...)?"""
    return data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06")
