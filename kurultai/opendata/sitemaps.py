"""/sitemap.xml: an index of sections, every public object in kk, ru and en with hreflang alternates."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    limit = 5000
    url_name = ""

    def location(self, item: Any) -> str:
        return reverse(self.url_name, args=[item.slug])


class StaticSitemap(_I18nSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "portal:home",
            "portal:deputies",
            "portal:parties",
            "portal:committees",
            "portal:regions",
            "bills:list",
            "plenary:sittings",
            "participation:petitions",
            "participation:proposals",
            "oversight:inquiries",
            "oversight:hearings",
            "regions:initiatives",
            "opendata:data",
            "opendata:search",
            "news:list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class PersonSitemap(_I18nSitemap):
    url_name = "portal:deputy"

    def items(self) -> Any:
        from kurultai.registry.models import Person

        return Person.objects.only("slug", "updated_at").order_by("slug")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class OrganizationSitemap(_I18nSitemap):
    kinds = {"committee": "portal:committee", "party": "portal:party", "faction": "portal:faction"}

    def items(self) -> Any:
        from kurultai.registry.models import Organization

        return Organization.objects.filter(classification__in=self.kinds).only("slug", "classification", "updated_at")

    def location(self, item: Any) -> str:
        return reverse(self.kinds[item.classification], args=[item.slug])

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class RegionSitemap(_I18nSitemap):
    url_name = "portal:region"

    def items(self) -> Any:
        from kurultai.registry.models import Area

        return Area.objects.exclude(classification="country").only("slug", "updated_at").order_by("identifier")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class BillSitemap(_I18nSitemap):
    url_name = "bills:detail"

    def items(self) -> Any:
        from kurultai.legislation.models import Bill

        return Bill.objects.only("slug", "updated_at").order_by("year", "number")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class SittingSitemap(_I18nSitemap):
    url_name = "plenary:sitting"

    def items(self) -> Any:
        from kurultai.plenary.models import Sitting

        return Sitting.objects.only("slug", "updated_at").order_by("starts_at")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class VoteSitemap(_I18nSitemap):
    url_name = "plenary:vote"

    def items(self) -> Any:
        from kurultai.plenary.models import VoteEvent
        from kurultai.plenary.selectors import PUBLIC_VOTE_STATES

        return VoteEvent.objects.filter(state__in=PUBLIC_VOTE_STATES).only("slug").order_by("slug")


class PetitionSitemap(_I18nSitemap):
    url_name = "participation:petition"

    def items(self) -> Any:
        from kurultai.participation.models import PUBLIC_PETITION_STATES, Petition

        return (
            Petition.objects.filter(status__in=PUBLIC_PETITION_STATES, hidden_at__isnull=True)
            .only("slug", "updated_at")
            .order_by("slug")
        )

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class ProposalSitemap(_I18nSitemap):
    url_name = "participation:proposal"

    def items(self) -> Any:
        from kurultai.participation.models import Proposal, ProposalStatus

        return (
            Proposal.objects.filter(hidden_at__isnull=True)
            .exclude(status=ProposalStatus.WITHDRAWN)
            .only("slug", "updated_at")
            .order_by("slug")
        )

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class InquirySitemap(_I18nSitemap):
    url_name = "oversight:inquiry"

    def items(self) -> Any:
        from kurultai.oversight.models import Inquiry

        return Inquiry.objects.only("slug").order_by("slug")


class HearingSitemap(_I18nSitemap):
    url_name = "oversight:hearing"

    def items(self) -> Any:
        from kurultai.oversight.models import Hearing

        return Hearing.objects.only("slug").order_by("slug")


class InitiativeSitemap(_I18nSitemap):
    url_name = "regions:initiative"

    def items(self) -> Any:
        from kurultai.regions.models import RegionalInitiative

        return RegionalInitiative.objects.only("slug").order_by("slug")


class NewsSitemap(_I18nSitemap):
    url_name = "news:detail"

    def items(self) -> Any:
        from kurultai.news.selectors import published

        return published().only("slug", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": StaticSitemap,
    "deputies": PersonSitemap,
    "organizations": OrganizationSitemap,
    "regions": RegionSitemap,
    "bills": BillSitemap,
    "sittings": SittingSitemap,
    "votes": VoteSitemap,
    "petitions": PetitionSitemap,
    "proposals": ProposalSitemap,
    "inquiries": InquirySitemap,
    "hearings": HearingSitemap,
    "initiatives": InitiativeSitemap,
    "news": NewsSitemap,
}
