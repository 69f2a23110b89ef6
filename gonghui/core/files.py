"""Files sent to a browser or a script: one way to name them (Chinese names included)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def file_response(
    content: bytes, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """`content` as a download (or shown in the browser with `inline`), named `filename`.

    Django's header carries a non-ASCII name as RFC 5987 `filename*=utf-8''…`, which every
    current browser reads, and quotes an ASCII one; a typed name cannot break the header.
    """
    # Control characters (a typed title with a line break) have no place in a name, and
    # an ASCII name would carry them into the header as they are.
    filename = "".join(c for c in filename if c.isprintable()) or "download"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def serve_file(field, name: str, content_type: str) -> HttpResponse:
    """An uploaded file (read whole: uploads are capped at 20 MB) sent to someone the view
    has already checked: PDFs and images shown in the browser, anything else downloaded,
    named as uploaded. The stored content type is the one the upload check recognised
    from the file's bytes, never what the uploader's browser claimed."""
    try:
        with field.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = content_type or "application/octet-stream"
    inline = content_type in (PDF, "image/jpeg", "image/png")
    response = file_response(content, filename=name, content_type=content_type, inline=inline)
    response["Cache-Control"] = "private, max-age=600"
    return response
