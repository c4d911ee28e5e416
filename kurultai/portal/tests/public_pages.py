"""One address of every public page template, built from the demo parliament.

Shared by the accessibility browser test, the query-count test and ``bench/pages.py``. The list
is checked against the URLconf (``unlisted_url_names``): a new page under the language prefix
must be added here, or to ``NOT_PUBLIC`` with the reason, or the query-count test fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.urls import URLPattern, URLResolver, get_resolver

LANGS = ("kk", "ru", "en")
ALMATY = ZoneInfo("Asia/Almaty")

# URL names under the language prefix that are not a public HTML page, with the reason.
NOT_PUBLIC: dict[str, str] = {
    "accounts:logout": "POST only",
    "accounts:otp": "second step of a deputy's or staff member's sign-in",
    "oversight:inquiry_new": "deputies only",
    "regions:notifications": "maslikhat delegates only",
    "regions:initiative_new": "maslikhat delegates only",
    "plenary:console": "clerks only",
    "plenary:console_sitting": "clerks only",
    "plenary:ballot": "deputies only (the keyboard test covers it)",
    "plenary:register": "POST only",
    "ledger:export": "a JSON Lines download",
    "bills:react": "POST only",
    "bills:moderate": "POST only",
    "participation:petition_sign": "POST only",
    "participation:petition_counts": "htmx fragment of the petition page",
    "participation:petition_action": "POST only",
    "participation:proposal_similar": "htmx fragment of the proposal form",
    "participation:proposal_support": "POST only",
    "participation:proposal_action": "POST only",
    "participation:appeal_work": "staff work queue",
    "participation:appeal": "the author's own appeal",
    "participation:appeal_receipt": "the author's own receipt (PDF)",
    "participation:appeal_file": "the author's own attachment",
    "participation:appeal_action": "POST only",
    "participation:notifications_read": "POST only",
    "participation:follow": "POST only",
    "participation:unsubscribe": "a personal link from an e-mail",
    "participation:report": "POST only",
    "participation:moderation": "moderators only",
    "participation:moderation_act": "POST only",
    "security:my_data_download": "a personal download",
    "security:account_delete": "POST only",
    "security:account_deleted": "shown once after deleting an account",
    "analytics:topic_action": "POST only (clerks)",
    "analytics:campaigns": "clerks and moderators only",
    "opendata:data_file": "a data file, not a page",
    "opendata:feed_activity": "an Atom feed",
    "opendata:feed_bills": "an Atom feed",
    "opendata:feed_bill": "an Atom feed",
    "opendata:feed_committee": "an Atom feed",
    "opendata:feed_deputy": "an Atom feed",
    "opendata:feed_petitions": "an Atom feed",
    "opendata:feed_news": "an Atom feed",
    "bills:amendments_pdf": "a PDF, not a page",
    "plenary:vote_pdf": "a PDF, not a page",
    "news:write": "press office only",
    "news:edit": "press office only",
    "news:seen": "a counting pixel",
    "news:comment_moderate": "POST only (moderators)",
}

# Pages a signed-in citizen sees (forms and the citizen's own cabinet); checked signed in.
CITIZEN_PAGES = (
    "participation:appeal_new",
    "participation:petition_new",
    "participation:proposal_new",
    "participation:cabinet",
    "security:my_data",
    "portal:verify",
)


def _walk(patterns: list, ns: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from _walk(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{ns}:{p.name}" if ns else p.name


def localised_url_names() -> set[str]:
    """Every named URL under the language prefix (the admin left out)."""
    names: set[str] = set()
    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and type(p.pattern).__name__ == "LocalePrefixPattern":
            names.update(_walk(p.url_patterns))
    return names


def page_urls() -> dict[str, str]:
    """URL name -> path without the language prefix (``deputies/x/``), from the demo data."""
    from kurultai.elections.models import Election
    from kurultai.legislation.models import Act, Bill, Comment, Consultation
    from kurultai.oversight.models import CommitteeMeeting, GovernmentReport, Hearing, Inquiry, Investigation
    from kurultai.participation.models import Petition, PetitionStatus, Proposal
    from kurultai.plenary.models import Sitting, VoteEvent
    from kurultai.regions.models import CouncilSession, RegionalInitiative
    from kurultai.registry.models import Area, Organization, Person

    def org(kind: str) -> str:
        return Organization.objects.filter(classification=kind).order_by("slug").values_list("slug", flat=True)[0]

    person = Person.objects.filter(plenary_ballots__isnull=False).order_by("slug").first()
    bill = Bill.objects.order_by("slug").first()
    comment = Comment.objects.select_related("version__bill").order_by("pk").first()
    consultation = Consultation.objects.select_related("bill", "version").order_by("pk").first()
    vote = VoteEvent.objects.filter(state="published").order_by("pk").first()
    election = Election.objects.order_by("slug").first()
    area = Area.objects.filter(classification="region").order_by("slug").first() or Area.objects.order_by("pk")[1]
    cons = f"{consultation.bill.slug}/versions/{consultation.version.number}"
    cons_slug = f"{consultation.bill.slug}/{consultation.version.number}"
    cbill, cnum = comment.version.bill.slug, comment.version.number
    first = {
        "inquiry": Inquiry.objects.order_by("slug").first(),
        "hearing": Hearing.objects.order_by("slug").first(),
        "investigation": Investigation.objects.order_by("slug").first(),
        "meeting": CommitteeMeeting.objects.order_by("slug").first(),
        "report": GovernmentReport.objects.order_by("slug").first(),
        "session": CouncilSession.objects.order_by("slug").first(),
        "initiative": RegionalInitiative.objects.order_by("slug").first(),
        "act": Act.objects.order_by("slug").first(),
        "sitting": Sitting.objects.order_by("slug").first(),
        "petition": Petition.objects.filter(status=PetitionStatus.LISTED).order_by("slug").first(),
        "proposal": Proposal.objects.filter(hidden_at__isnull=True).order_by("slug").first(),
    }
    slug = {k: v.slug for k, v in first.items() if v is not None}
    urls = {
        "accounts:login": "accounts/login/",
        "elections:list": "elections/",
        "elections:detail": f"elections/{election.slug}/",
        "elections:whatif": f"elections/{election.slug}/what-if/",
        "oversight:inquiries": "inquiries/",
        "oversight:inquiry": f"inquiries/{slug['inquiry']}/",
        "oversight:hearings": "hearings/",
        "oversight:hearing": f"hearings/{slug['hearing']}/",
        "oversight:investigations": "investigations/",
        "oversight:investigation": f"investigations/{slug['investigation']}/",
        "oversight:meeting": f"committee-meetings/{slug['meeting']}/",
        "oversight:state_bodies": "state-bodies/",
        "oversight:state_body": f"state-bodies/{org('state_body')}/",
        "oversight:report": f"government-reports/{slug['report']}/",
        "regions:council": "council-of-regions/",
        "regions:session": f"council-of-regions/sessions/{slug['session']}/",
        "regions:initiatives": "initiatives/",
        "regions:initiative": f"initiatives/{slug['initiative']}/",
        "regions:halyk_kenesi": "halyk-kenesi/",
        "plenary:sittings": "plenary/",
        "plenary:live_current": "plenary/live/",
        "plenary:vote": f"plenary/votes/{vote.slug}/",
        "plenary:live": f"plenary/votes/{vote.slug}/live/",
        "plenary:sitting": f"plenary/{slug['sitting']}/",
        "ledger:ledger": "ledger/",
        "bills:list": "bills/",
        "bills:detail": f"bills/{bill.slug}/",
        "bills:diff": f"bills/{bill.slug}/diff/",
        "bills:amendments": f"bills/{bill.slug}/amendments/",
        "bills:version": f"bills/{bill.slug}/versions/1/",
        "bills:parallel": f"bills/{bill.slug}/versions/1/parallel/",
        "bills:consultation": f"bills/{cons}/consultation/",
        "bills:provision": f"bills/{cbill}/versions/{cnum}/provisions/{comment.eid}/",
        "acts:list": "acts/",
        "acts:detail": f"acts/{slug['act']}/",
        "participation:petitions": "petitions/",
        "participation:petition": f"petitions/{slug['petition']}/",
        "participation:proposals": "proposals/",
        "participation:proposal": f"proposals/{slug['proposal']}/",
        "participation:appeals_published": "appeals/published/",
        "participation:responsiveness": "responsiveness/",
        "analytics:responsiveness": "analytics/responsiveness/",
        "analytics:topics": "analytics/topics/",
        "analytics:opinion": f"analytics/consultations/{cons_slug}/opinion/",
        "modelling:power": "modelling/power/",
        "modelling:vote": f"modelling/votes/{vote.slug}/",
        "modelling:calibration": "modelling/forecasts/",
        "modelling:bill_impact": f"modelling/bills/{bill.slug}/impact/",
        "modelling:fiscal": "modelling/fiscal/",
        "opendata:data": "data/",
        "opendata:search": "search/?q=закон",
        "opendata:activity": "activity/",
        "portal:home": "",
        "portal:deputies": "deputies/",
        "portal:deputy": f"deputies/{person.slug}/",
        "portal:parties": "parties/",
        "portal:party": f"parties/{org('party')}/",
        "portal:faction": f"factions/{org('faction')}/",
        "portal:committees": "committees/",
        "portal:committee": f"committees/{org('committee')}/",
        "portal:regions": "regions/",
        "portal:region": f"regions/{area.slug}/",
        "participation:appeal_new": "appeals/new/",
        "participation:petition_new": "petitions/new/",
        "participation:proposal_new": "proposals/new/",
        "participation:cabinet": "me/participation/",
        "security:my_data": "me/data/",
        "portal:verify": "me/verify/",
    }
    urls.update(_news_urls())
    return urls


def _news_urls() -> dict[str, str]:
    """The news pages (the news app was added alongside this list; skipped while it has no URLs)."""
    if not any(n.startswith("news:") for n in localised_url_names()):
        return {}
    from kurultai.news.models import Article

    article = Article.objects.filter(status="published").order_by("-published_at").first()
    if article is None:
        return {"news:list": "news/"}
    at = article.published_at.astimezone(ALMATY)
    return {
        "news:list": "news/",
        "news:archive_year": f"news/{at.year}/",
        "news:archive_month": f"news/{at.year}/{at.month}/",
        "news:detail": f"news/{article.slug}/",
    }


def unlisted_url_names() -> set[str]:
    """Localised URL names that are neither in ``page_urls`` nor declared not public."""
    return localised_url_names() - set(page_urls()) - set(NOT_PUBLIC)


def public_paths(lang: str) -> list[tuple[str, str]]:
    """(URL name, /lang/path) for every public page an anonymous visitor can open."""
    return [(name, f"/{lang}/{path}") for name, path in page_urls().items() if name not in CITIZEN_PAGES]


def citizen_paths(lang: str) -> list[tuple[str, str]]:
    urls = page_urls()
    return [(name, f"/{lang}/{urls[name]}") for name in CITIZEN_PAGES]
