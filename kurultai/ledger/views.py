"""The public record's pages: the latest signed tree head, the public key, how to verify, the last entries,
and the export anyone can verify offline."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from kurultai.common.canonical import canonical_json
from kurultai.ledger import keys, selectors
from kurultai.ledger.leaves import format_at
from kurultai.ledger.services import export_lines, tree_head_document

LATEST_ENTRIES = 50


def ledger_view(request: HttpRequest) -> HttpResponse:
    head = selectors.tree_head_latest()
    entries = [
        {
            "index": e.index,
            "kind": e.kind,
            "at": e.at,
            "at_utc": format_at(e.at),
            "data": canonical_json(e.data).decode(),
            "leaf_hash": e.leaf_hash,
        }
        for e in selectors.entry_latest(LATEST_ENTRIES)
    ]
    context = {
        "head": tree_head_document(head) if head is not None else None,
        "signed_at": head.timestamp if head is not None else None,
        "public_key": keys.public_key_b64(),
        "log_size": selectors.log_size(),
        "entries": entries,
    }
    return render(request, "ledger/ledger.html", context)


def ledger_export_view(request: HttpRequest) -> StreamingHttpResponse:
    """The entries covered by the latest signed tree head, then that head (the `kurultai audit export` format).

    A GET never signs: the file ends at the latest head, whose entries are all committed.
    """
    head = selectors.tree_head_latest()
    if head is None:
        raise Http404("no signed tree head")
    response = StreamingHttpResponse(
        (line + b"\n" for line in export_lines(head)), content_type="application/jsonl; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="kurultai-ledger-{head.tree_size}.jsonl"'
    return response
