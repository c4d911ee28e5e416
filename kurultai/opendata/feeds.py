"""Atom feeds (django.contrib.syndication) under /<lang>/feeds/."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from kurultai.opendata import selectors
from kurultai.opendata.selectors import Activity

LIMIT = 50


class _AtomFeed(Feed):
    feed_type = Atom1Feed

    def item_guid(self, item: Any) -> str:
        return f"tag:kurultai,2026:{self.item_key(item)}"

    item_guid_is_permalink = False

    def item_key(self, item: Any) -> str:
        return str(getattr(item, "key", item))


class _ActivityFeed(_AtomFeed):
    """Feeds whose items are activity items."""

    def item_title(self, item: Activity) -> str:
        return item.title

    def item_description(self, item: Activity) -> str:
        return item.summary

    def item_link(self, item: Activity) -> str:
        return item.url

    def item_updateddate(self, item: Activity) -> Any:
        return item.at

    def item_pubdate(self, item: Activity) -> Any:
        return item.at


class ActivityFeed(_ActivityFeed):
    """What the parliament did: votes, bills moving stage, petitions, hearings."""

    def title(self) -> str:
        return _("Kurultai: what the parliament did")

    def subtitle(self) -> str:
        return _("Votes and their results, bills moving stage, petitions and hearings.")

    def link(self) -> str:
        return reverse("portal:home")

    def items(self) -> list[Activity]:
        return selectors.activity(limit=LIMIT)


class BillsFeed(_AtomFeed):
    def title(self) -> str:
        return _("Kurultai: bills")

    def link(self) -> str:
        return reverse("bills:list")

    def subtitle(self) -> str:
        return _("Every bill, the most recently moved first.")

    def items(self) -> Any:
        from kurultai.legislation.models import Bill

        return Bill.objects.order_by("-stage_since", "-number")[:LIMIT]

    def item_key(self, item: Any) -> str:
        return f"bill:{item.slug}:{item.stage}"

    def item_title(self, item: Any) -> str:
        from kurultai.legislation.selectors import stage_label

        return f"{item.slug} {item.title} ({stage_label(item.stage)})"

    def item_description(self, item: Any) -> str:
        return str(item.citizen_summary)

    def item_link(self, item: Any) -> str:
        return reverse("bills:detail", args=[item.slug])

    def item_updateddate(self, item: Any) -> Any:
        return item.stage_since

    item_pubdate = item_updateddate


class BillFeed(_ActivityFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Any:
        from kurultai.legislation.models import Bill

        bill = Bill.objects.filter(slug=slug).first()
        if bill is None:
            raise Http404
        return bill

    def title(self, obj: Any) -> str:
        return _("Bill %(bill)s: %(title)s") % {"bill": obj.slug, "title": obj.title}

    def link(self, obj: Any) -> str:
        return reverse("bills:detail", args=[obj.slug])

    def items(self, obj: Any) -> list[Activity]:
        return selectors.bill_activity(obj.slug, limit=LIMIT)


class CommitteeFeed(_ActivityFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Any:
        from kurultai.registry.models import Organization

        org = Organization.objects.filter(slug=slug, classification="committee").first()
        if org is None:
            raise Http404
        return org

    def title(self, obj: Any) -> str:
        return _("Kurultai: %(committee)s") % {"committee": obj.name}

    def link(self, obj: Any) -> str:
        return reverse("portal:committee", args=[obj.slug])

    def items(self, obj: Any) -> list[Activity]:
        return selectors.activity(committee=obj.slug, limit=LIMIT)


class DeputyFeed(_AtomFeed):
    """A deputy's votes in decided vote events, newest first."""

    def get_object(self, request: HttpRequest, slug: str) -> Any:
        from kurultai.registry.models import Person

        person = Person.objects.filter(slug=slug).first()
        if person is None:
            raise Http404
        return person

    def title(self, obj: Any) -> str:
        return _("Kurultai: how %(name)s voted") % {"name": obj.name}

    def link(self, obj: Any) -> str:
        return reverse("portal:deputy", args=[obj.slug])

    def items(self, obj: Any) -> Any:
        from kurultai.plenary.models import Ballot
        from kurultai.plenary.selectors import DECIDED_VOTE_STATES

        return (
            Ballot.objects.filter(deputy=obj, vote_event__state__in=DECIDED_VOTE_STATES)
            .select_related("vote_event")
            .order_by("-cast_at")[:LIMIT]
        )

    def item_key(self, item: Any) -> str:
        return f"ballot:{item.vote_event.slug}:{item.deputy_id}"

    def item_title(self, item: Any) -> str:
        return f"{item.vote_event.title}: {item.get_option_display()}"

    def item_description(self, item: Any) -> str:
        return str(item.vote_event.summary)

    def item_link(self, item: Any) -> str:
        return reverse("plenary:vote", args=[item.vote_event.slug])

    def item_updateddate(self, item: Any) -> Any:
        return item.changed_at or item.cast_at

    item_pubdate = item_updateddate


class PetitionsFeed(_AtomFeed):
    def title(self) -> str:
        return _("Kurultai: petitions")

    def link(self) -> str:
        return reverse("participation:petitions")

    def items(self) -> Any:
        from kurultai.participation.models import PUBLIC_PETITION_STATES, Petition

        return Petition.objects.filter(
            status__in=PUBLIC_PETITION_STATES, hidden_at__isnull=True, listed_at__isnull=False
        ).order_by("-listed_at")[:LIMIT]

    def item_key(self, item: Any) -> str:
        return f"petition:{item.slug}:{item.status}"

    def item_title(self, item: Any) -> str:
        return f"{item.title} ({item.get_status_display()})"

    def item_description(self, item: Any) -> str:
        if item.answer_text:
            return str(item.answer_text)
        return _("%(count)s of %(needed)s signatures") % {"count": item.signature_count, "needed": item.threshold}

    def item_link(self, item: Any) -> str:
        return reverse("participation:petition", args=[item.slug])

    def item_updateddate(self, item: Any) -> Any:
        return item.answered_at or item.listed_at

    def item_pubdate(self, item: Any) -> Any:
        return item.listed_at


class NewsFeed(_AtomFeed):
    """News articles by parliament staff, newest first."""

    def title(self) -> str:
        return _("Kurultai: news")

    def link(self) -> str:
        return reverse("news:list")

    def subtitle(self) -> str:
        return _("News of the Kurultai written by parliament staff.")

    def items(self) -> Any:
        from kurultai.news.selectors import article_list

        return article_list()[:LIMIT]

    def item_key(self, item: Any) -> str:
        return f"news:{item.slug}"

    def item_title(self, item: Any) -> str:
        return str(item.title)

    def item_description(self, item: Any) -> str:
        return str(item.summary or item.body[:500])

    def item_link(self, item: Any) -> str:
        return reverse("news:detail", args=[item.slug])

    def item_updateddate(self, item: Any) -> Any:
        return item.updated_at

    def item_pubdate(self, item: Any) -> Any:
        return item.published_at
