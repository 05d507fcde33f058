"""imr_analyzer: California workers' comp IMR Final Determination Letters
into tables, by the imr-analyzer core (Rust, through PyO3). Nothing here
analyses anything: every value, column and Summary row is the core's.

>>> import imr_analyzer
>>> a = imr_analyzer.analyze("Case Number: CM16-0000001\\nIMR ISSUES, DECISIONS AND RATIONALES\\n"
...     "MRI of the knee: Upheld\\n")
>>> a["case_number"], a["items"][0]["decision"]
('CM16-0000001', 'upheld')
>>> imr_analyzer.analyze("")["error"]["code"]
'empty'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import pyarrow as pa

from . import _native
from ._arrow import KIND_TYPES, arrow_table, schema
from .pdf import read_text as _read_pdf_text

__all__ = [
    "analyze",
    "analyze_letters",
    "analyze_bytes",
    "analyze_pdf",
    "table",
    "render",
    "schema",
    "columns",
    "KIND_TYPES",
    "VERSION",
    "MAX_INPUT_BYTES",
]

#: The analyzer the analyses name ("imr-analyzer 0.1.0").
VERSION: str = _native.version()
#: Inputs larger than this many bytes give the error code ``too_large``.
MAX_INPUT_BYTES: int = _native.max_input_bytes()

TABLES = ("letters", "items", "summary")


def analyze(text: str, source: str = "pasted") -> dict:
    """The analysis of a letter's text (SCHEMA.md ``imr-letter/1``), exactly
    as the command line prints it, or the error object for text that is not
    a letter. Never raises for bad input."""
    if not isinstance(text, str):
        raise TypeError(f"analyze takes a str (the letter's text); for bytes use analyze_bytes, got {type(text).__name__}")
    return json.loads(_native.analyze_text_json(text, source))


def analyze_letters(text: str, source: str = "pasted") -> list[dict]:
    """The analyses of a text that may hold several letters (a paste or a
    merged file, SCHEMA.md "Several letters in one input"): one per letter,
    in order, their sources ``source#k`` when there are several, as the
    command line gives them. :func:`analyze` gives one analysis (the first
    letter's, with the warning ``several_letters``)."""
    if not isinstance(text, str):
        raise TypeError(f"analyze_letters takes a str (the letters' text), got {type(text).__name__}")
    return json.loads(_native.analyze_letters_json(text, source))


def analyze_bytes(data: bytes, source: str) -> dict:
    """Decode a file's bytes (UTF-8, or Windows-1252 with a warning) and
    analyze them, as the command line reads a ``.txt`` file."""
    return json.loads(_native.analyze_bytes_json(bytes(data), source))


def analyze_pdf(data: bytes, source: str) -> dict:
    """Analyze a PDF's text, read with PDFium (pypdfium2): the same analysis
    as the command line's PDF path (pdftotext) gives for the same letter,
    spans aside (they point into the text each extractor gives). A PDF
    that needs a password, is damaged or has no text layer gives its error
    object."""
    text, error = _read_pdf_text(bytes(data), source)
    if error is not None:
        return error
    return json.loads(_native.analyze_text_json(text, source, "pdf"))


def columns(name: str) -> list[tuple[str, str]]:
    """The core's columns of table ``name``: ``(name, kind)`` in order."""
    return _native.columns(name)


def _batch(analyses: Iterable[Mapping]) -> _native.Batch:
    batch = _native.Batch()
    for a in analyses:
        batch.add_json(a if isinstance(a, str) else json.dumps(a))
    return batch


def table(analyses: Iterable[Mapping], name: str = "letters") -> pa.Table:
    """The core's table ``letters``, ``items`` or ``summary`` of analyses
    (dicts from :func:`analyze`, error objects included), as a pyarrow
    Table: the core's columns in its order, dates as date32, counts as
    int64, booleans as bool, lists as list<string>. ``.to_pandas()`` gives
    the DataFrame."""
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}: use 'letters', 'items' or 'summary'")
    return arrow_table(name, _batch(analyses).table_columns(name))


def render(analyses: Iterable[Mapping], name: str = "letters", format: str = "tsv") -> str:
    """The table as the command line writes it (``--format tsv|csv|md
    --table NAME``), byte for byte."""
    return _batch(analyses).render(name, format)
