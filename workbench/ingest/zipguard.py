"""Refuse zip bombs before they are unpacked: every zip-based input (.docx reports, .xlsx glossaries
and reviewed .xlsx sheets) passes :func:`check_zip` first.

A .docx or .xlsx is a zip archive of XML parts. A few hundred kilobytes can unzip to gigabytes
of XML, and the XML parsers behind python-docx and openpyxl then hold it several times over.
So, before any part is decompressed:

1. the *central directory* (the list of entries at the end of the archive, read without
   decompressing anything) must name at most :data:`MAX_ENTRIES` entries whose declared sizes
   add up to at most :data:`MAX_UNZIPPED_BYTES`, and no large entry may be compressed more than
   :data:`MAX_RATIO` times (real XML compresses 5-20 times; bombs a hundred times and more);
2. a *streaming* pass then decompresses each part in small chunks, counting the bytes that
   really come out, and stops as soon as the total passes the cap or a part's data does not
   match what the directory declared (a bomb that lies about its sizes). Memory stays at one
   chunk; the time is bounded by the cap.

Only then is the archive handed to the library that parses it.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from ..errors import InputError

#: Most bytes all entries of one archive may unpack to (declared and counted).
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
#: Most entries in one archive (a long report has about 20; a workbook one per sheet and a few more).
MAX_ENTRIES = 2000
#: Most an entry over :data:`RATIO_FLOOR` bytes may be compressed (uncompressed / compressed size).
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
_CHUNK = 1 << 16


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_zip(data: bytes, name: str, kind: str = ".docx file") -> None:
    """Raise InputError naming ``name`` unless ``data`` is a zip archive that unpacks within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise InputError(f"{name}: not a readable {kind} (it is not a complete zip archive)") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise InputError(
                f"{name}: refused, the {kind} holds {len(entries):,} parts (the limit is "
                f"{MAX_ENTRIES:,}); it looks like a zip bomb"
            )
        declared = sum(e.file_size for e in entries)
        if declared > MAX_UNZIPPED_BYTES:
            raise InputError(
                f"{name}: refused, the {kind} would unpack to {_mb(declared)} (the limit is "
                f"{_mb(MAX_UNZIPPED_BYTES)}); it looks like a zip bomb"
            )
        for e in entries:
            if e.file_size > RATIO_FLOOR and e.file_size > MAX_RATIO * max(e.compress_size, 1):
                raise InputError(
                    f"{name}: refused, the part {e.filename} of the {kind} is compressed "
                    f"{e.file_size // max(e.compress_size, 1):,} times (the limit is {MAX_RATIO}); "
                    f"it looks like a zip bomb"
                )
        _stream_check(archive, entries, name, kind)


def _stream_check(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], name: str, kind: str) -> None:
    """Decompress every part in chunks, counting real output against the cap (never holding a part)."""
    total = 0
    for e in entries:
        if e.is_dir():
            continue
        try:
            with archive.open(e) as part:
                while chunk := part.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_UNZIPPED_BYTES:
                        raise InputError(
                            f"{name}: refused, the {kind} unpacks to more than "
                            f"{_mb(MAX_UNZIPPED_BYTES)}; it looks like a zip bomb"
                        )
        except InputError:
            raise
        except NotImplementedError:
            raise InputError(
                f"{name}: not a readable {kind} (the part {e.filename} uses an unsupported compression method)"
            ) from None
        except RuntimeError:  # encrypted entry
            raise InputError(f"{name}: not a readable {kind} (it is password-protected)") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            reason = str(exc) or exc.__class__.__name__
            raise InputError(f"{name}: not a readable {kind} (the part {e.filename} is damaged: {reason})") from None
