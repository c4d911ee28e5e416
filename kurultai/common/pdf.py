"""Printable PDFs of public pages (weasyprint), with one print stylesheet.

The HTML is rendered from a template of our own and never shown to a browser, so the page's
CSP does not apply; weasyprint is still given a URL fetcher that refuses every URL, so a
PDF never loads anything from outside (the stylesheet is read from the static files).
Fonts: DejaVu (Debian fonts-dejavu-core) covers the Kazakh letters ә ғ қ ң ө ұ ү һ і.
WeasyPrint needs Pango (Debian libpango-1.0-0, libpangoft2-1.0-0).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from kurultai.common.pagecache import RESPONSE_TTL, content_generation

STYLESHEET = "common/print.css"


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"PDFs load nothing from outside: {url[:80]}")


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any], *, filename: str) -> HttpResponse:
    """Render ``template`` to a PDF answered inline as ``filename``.

    A PDF costs a hundred times an HTML page, so it is kept in the cache under the public
    content's generation (kurultai/common/pagecache.py): any write makes a new one. The PDFs
    hold public content only, the same for every reader.
    """
    raw = "|".join((str(content_generation()), request.get_full_path(), translation.get_language() or ""))
    key = "pdf:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        from weasyprint import CSS, HTML  # imported on use: it loads Pango

        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page step otherwise
        html = render_to_string(template, context, request=request)
        css_path = finders.find(STYLESHEET)
        stylesheets = [CSS(filename=str(css_path))] if css_path else []
        pdf = HTML(string=html, base_url="about:blank", url_fetcher=_no_fetch).write_pdf(stylesheets=stylesheets)
        cache.set(key, pdf, RESPONSE_TTL)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
