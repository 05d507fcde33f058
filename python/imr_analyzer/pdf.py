"""A PDF's text through PDFium (pypdfium2), the engine of Chrome's PDF
viewer: the glue the command line has in ``pdf.rs`` (pdftotext) and the page
in pdf.js. The analysis of the text is the core's; every arrangement of a
letter's text gives the same analysis."""

from __future__ import annotations

import json

from . import _native

# PDFium's error codes (fpdfview.h FPDF_ERR_*).
_ERR_PASSWORD = 4


def read_text(data: bytes, source: str) -> tuple[str | None, dict | None]:
    """``(text, None)``, or ``(None, error object)`` for a PDF that gives no text:
    ``password_pdf``, ``damaged_pdf`` with PDFium's reason, ``no_text`` (a scan)."""
    try:
        import pypdfium2 as pdfium
    except ImportError as e:  # the package requires it; a broken install
        return None, _error(
            "no_pdf_reader", source, f"Install pypdfium2 (pip install pypdfium2): {e}."
        )
    try:
        pdf = pdfium.PdfDocument(bytes(data))
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == _ERR_PASSWORD:
            return None, _error("password_pdf", source)
        return None, _error("damaged_pdf", source, f"PDFium: {e}")
    except Exception as e:  # noqa: BLE001 - any reader failure is this input's error
        return None, _error("damaged_pdf", source, f"PDFium: {e}")
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
    except Exception as e:  # noqa: BLE001
        return None, _error("damaged_pdf", source, f"PDFium: {e}")
    finally:
        pdf.close()
    # Pages end with a form feed, as pdftotext ends them.
    text = "".join(p + "\f" for p in pages)
    if not text.strip():
        return None, _error("no_text", source)
    return text, None


def _error(code: str, source: str, detail: str = "") -> dict:
    return json.loads(_native.error_json(code, source, detail))
