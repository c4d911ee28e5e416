"""``{% opendata_head %}``: feeds, canonical URL and Open Graph / Twitter card tags for any page.

base.html includes ``opendata/_head.html`` once; the tag reads the resolved URL, so detail
pages advertise their own feed without their apps knowing about feeds.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

register = template.Library()

# view name → (feed URL name, whether it takes the page's slug)
FEEDS: dict[str, tuple[str, bool]] = {
    "bills:list": ("opendata:feed_bills", False),
    "bills:detail": ("opendata:feed_bill", True),
    "bills:amendments": ("opendata:feed_bill", True),
    "bills:diff": ("opendata:feed_bill", True),
    "portal:committee": ("opendata:feed_committee", True),
    "portal:deputy": ("opendata:feed_deputy", True),
    "participation:petitions": ("opendata:feed_petitions", False),
    "participation:petition": ("opendata:feed_petitions", False),
    "news:list": ("opendata:feed_news", False),
    "news:archive_year": ("opendata:feed_news", False),
    "news:archive_month": ("opendata:feed_news", False),
    "news:detail": ("opendata:feed_news", False),
}
# view name → search document kind, for a page's own title and description in previews
DOCUMENTS = {
    "portal:deputy": "person",
    "bills:detail": "bill",
    "plenary:vote": "vote_event",
    "participation:petition": "petition",
    "participation:proposal": "proposal",
    "news:detail": "news",
}
OG_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_US"}


def _feed_titles() -> dict[str, str]:
    return {
        "opendata:feed_bills": _("Bills (Atom)"),
        "opendata:feed_bill": _("This bill (Atom)"),
        "opendata:feed_committee": _("This committee (Atom)"),
        "opendata:feed_deputy": _("This deputy's votes (Atom)"),
        "opendata:feed_petitions": _("Petitions (Atom)"),
        "opendata:feed_news": _("News (Atom)"),
    }


@register.inclusion_tag("opendata/_head_tags.html", takes_context=True)
def opendata_head(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    lang = context.get("LANG") or "kk"
    feeds = [(_("What the parliament did (Atom)"), reverse("opendata:feed_activity"))]
    title = _("Kurultai · Parliament of Kazakhstan")
    description = _("Deputies, bills, votes, petitions and open data of the Kurultai, the parliament of Kazakhstan.")
    canonical = og_url = ""
    match = getattr(request, "resolver_match", None) if request is not None else None
    if request is not None:
        # The page's own address without its query; the <link> stays on this host (relative).
        canonical = request.path
        og_url = request.build_absolute_uri(request.path)
    if match is not None:
        view = match.view_name
        slug = match.kwargs.get("slug")
        feed = FEEDS.get(view)
        if feed and (slug or not feed[1]):
            try:
                href = reverse(feed[0], args=[slug] if feed[1] else [])
                feeds.append((_feed_titles()[feed[0]], href))
            except NoReverseMatch:
                pass
        kind = DOCUMENTS.get(view)
        if kind and slug:
            from kurultai.opendata.models import SearchDocument

            doc = SearchDocument.objects.filter(kind=kind, key=slug).first()
            if doc is not None:
                title = doc.title_in(lang)
                description = " ".join((doc.body_in(lang) or description).split())[:300]
    return {
        "feeds": feeds,
        "canonical": canonical,
        "og_url": og_url,
        "og_title": title,
        "og_description": description,
        "og_locale": OG_LOCALES.get(lang, "kk_KZ"),
        "request": request,
    }


@register.inclusion_tag("opendata/_activity_section.html")
def opendata_activity(limit: int = 8) -> dict[str, Any]:
    """The newest things the parliament did, for the home page, with links to the filtered stream."""
    from kurultai.opendata import selectors
    from kurultai.opendata.views import activity_kinds

    return {"items": selectors.activity(limit=limit), "kinds": activity_kinds()}
