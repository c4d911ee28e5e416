"""Reads of the registry; every list here is built for a constant number of queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from kurultai.common.errors import NotFound
from kurultai.registry.models import (
    Area,
    Convocation,
    Membership,
    MembershipRole,
    Organization,
    OrganizationClassification,
    Person,
    Post,
)

PARLIAMENT_SLUG = "kazakhstan-parliament"


def open_memberships(on: date | None = None) -> QuerySet[Membership]:
    today = on or timezone.localdate()
    return Membership.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today)
    )


def current_convocation() -> Convocation | None:
    return Convocation.objects.filter(parliament__slug=PARLIAMENT_SLUG).order_by("-start_date").first()


@dataclass
class DeputyFilters:
    party: str | None = None
    faction: str | None = None
    committee: str | None = None
    region: str | None = None
    gender: str | None = None
    q: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _in_org(slug: str, classification: str) -> Exists:
    return Exists(
        open_memberships().filter(
            person=OuterRef("pk"), organization__slug=slug, organization__classification=classification
        )
    )


def deputy_list(filters: DeputyFilters | None = None) -> QuerySet[Person]:
    """Sitting deputies with their open memberships prefetched (party, faction, committee, region)."""
    f = filters or DeputyFilters()
    deputies = open_memberships().filter(organization__slug=PARLIAMENT_SLUG, role=MembershipRole.DEPUTY)
    qs = Person.objects.filter(Exists(deputies.filter(person=OuterRef("pk"))))
    if f.party:
        qs = qs.filter(Exists(deputies.filter(person=OuterRef("pk"), on_behalf_of__slug=f.party)))
    if f.faction:
        qs = qs.filter(_in_org(f.faction, OrganizationClassification.FACTION))
    if f.committee:
        qs = qs.filter(_in_org(f.committee, OrganizationClassification.COMMITTEE))
    if f.region:
        qs = qs.filter(Exists(deputies.filter(person=OuterRef("pk"), area__slug=f.region)))
    if f.gender:
        qs = qs.filter(gender=f.gender)
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(name_ru__icontains=f.q) | Q(name_en__icontains=f.q))
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=open_memberships().select_related("organization", "on_behalf_of", "area", "post"),
            to_attr="open_memberships",
        )
    ).order_by("sort_name", "slug")


def deputy_card(person: Person) -> dict[str, object]:
    """Party, faction, committee and region of a deputy from the prefetched memberships."""
    committees: list[Membership] = []
    roles: list[Membership] = []
    card: dict[str, object] = {"party": None, "faction": None, "committees": committees, "region": None, "roles": roles}
    for m in getattr(person, "open_memberships", []):
        cls = m.organization.classification
        if cls == OrganizationClassification.PARLIAMENT and m.role == MembershipRole.DEPUTY:
            card["party"] = m.on_behalf_of
            card["region"] = m.area
        elif cls == OrganizationClassification.FACTION:
            card["faction"] = m.organization
        elif cls == OrganizationClassification.COMMITTEE:
            committees.append(m)
        if m.role not in (MembershipRole.MEMBER, MembershipRole.DEPUTY):
            roles.append(m)
    return card


def person_get(slug: str) -> Person:
    person = (
        Person.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organization", "on_behalf_of", "area", "post").order_by(
                    "-start_date"
                ),
            ),
            Prefetch(
                "memberships",
                queryset=open_memberships().select_related("organization", "on_behalf_of", "area", "post"),
                to_attr="open_memberships",
            ),
        )
        .first()
    )
    if person is None:
        raise NotFound("No person with this identifier.", data={"id": slug})
    return person


def person_list(
    *, q: str | None = None, organization: str | None = None, gender: str | None = None
) -> QuerySet[Person]:
    qs = Person.objects.all()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_ru__icontains=q) | Q(name_en__icontains=q))
    if organization:
        qs = qs.filter(Exists(Membership.objects.filter(person=OuterRef("pk"), organization__slug=organization)))
    if gender:
        qs = qs.filter(gender=gender)
    return qs.order_by("sort_name", "slug")


def organization_list(*, classification: str | None = None, parent: str | None = None) -> QuerySet[Organization]:
    qs = Organization.objects.select_related("parent", "area").prefetch_related("sources")
    if classification:
        qs = qs.filter(classification=classification)
    if parent:
        qs = qs.filter(parent__slug=parent)
    return qs.order_by("classification", "slug")


def organization_get(slug: str) -> Organization:
    org = Organization.objects.select_related("parent", "area").prefetch_related("sources").filter(slug=slug).first()
    if org is None:
        raise NotFound("No organization with this identifier.", data={"id": slug})
    return org


def organization_members(org: Organization) -> QuerySet[Membership]:
    return (
        open_memberships()
        .filter(organization=org)
        .select_related("person", "on_behalf_of", "area", "post")
        .order_by("role", "person__sort_name")
    )


def organizations_with_seat_counts(classification: str) -> QuerySet[Organization]:
    today = timezone.localdate()
    open_q = Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
    return (
        Organization.objects.filter(classification=classification)
        .annotate(member_count=Count("memberships", filter=open_q, distinct=True))
        .order_by("-member_count", "slug")
    )


def parties_with_seats() -> QuerySet[Organization]:
    today = timezone.localdate()
    seat_q = (
        Q(represented_by__organization__slug=PARLIAMENT_SLUG)
        & Q(represented_by__role=MembershipRole.DEPUTY)
        & (Q(represented_by__end_date__isnull=True) | Q(represented_by__end_date__gte=today))
    )
    return (
        Organization.objects.filter(classification=OrganizationClassification.PARTY)
        .annotate(seats=Count("represented_by", filter=seat_q, distinct=True))
        .order_by("-seats", "slug")
    )


def membership_list(
    *,
    person: str | None = None,
    organization: str | None = None,
    classification: str | None = None,
    current: bool | None = None,
) -> QuerySet[Membership]:
    qs = Membership.objects.select_related("person", "organization", "on_behalf_of", "post", "area")
    if person:
        qs = qs.filter(person__slug=person)
    if organization:
        qs = qs.filter(organization__slug=organization)
    if classification:
        qs = qs.filter(organization__classification=classification)
    if current is True:
        qs = qs.filter(pk__in=open_memberships().values("pk"))
    return qs.order_by("organization__slug", "person__sort_name", "slug")


def post_list(*, organization: str | None = None) -> QuerySet[Post]:
    qs = Post.objects.select_related("organization", "area")
    if organization:
        qs = qs.filter(organization__slug=organization)
    return qs.order_by("organization__slug", "slug")


def area_list(*, classification: str | None = None) -> QuerySet[Area]:
    qs = Area.objects.select_related("parent", "population_source")
    if classification:
        qs = qs.filter(classification=classification)
    return qs.order_by("identifier")


def area_get(slug: str) -> Area:
    area = Area.objects.select_related("parent", "population_source").filter(Q(slug=slug) | Q(identifier=slug)).first()
    if area is None:
        raise NotFound("No area with this identifier.", data={"id": slug})
    return area


def deputies_by_region() -> dict[int, int]:
    deputies = open_memberships().filter(organization__slug=PARLIAMENT_SLUG, role=MembershipRole.DEPUTY)
    return dict(deputies.values_list("area").annotate(n=Count("id")).values_list("area", "n"))


@dataclass(frozen=True)
class OrgRef:
    slug: str
    name: str
    short_name: str
    color: str


@dataclass(frozen=True)
class CommitteeSeat:
    name: str
    role: str
    role_label: str


@dataclass
class DeputyCard:
    """What a deputy list shows, read with plain rows instead of model instances (fast lists)."""

    slug: str
    name: str
    initials: str
    gender: str
    party: OrgRef | None = None
    faction: OrgRef | None = None
    region: OrgRef | None = None
    committees: list[CommitteeSeat] = field(default_factory=list)


def _pick(row: Mapping[str, object], prefix: str, lang: str) -> str:
    """A translated column from a values() row, with the kk → ru → en fallback of the models."""
    order = [lang] + [code for code in ("kk", "ru", "en") if code != lang]
    for code in order:
        value = row.get(f"{prefix}_{code}")
        if value:
            return str(value)
    return str(row.get(prefix) or "")


def deputy_cards(filters: DeputyFilters | None = None) -> list[DeputyCard]:
    """Cards for the deputies matching the filters, in two queries whatever their number."""
    from django.utils.translation import get_language

    lang = (get_language() or "kk")[:2]
    people = (
        deputy_list(filters)
        .prefetch_related(None)
        .values("id", "slug", "name", "name_kk", "name_ru", "name_en", "given_name", "family_name", "gender")
    )
    cards: dict[int, DeputyCard] = {}
    for p in people:
        given, family = str(p["given_name"] or ""), str(p["family_name"] or "")
        cards[int(p["id"])] = DeputyCard(
            slug=str(p["slug"]),
            name=_pick(dict(p), "name", lang),
            initials=(given[:1] + family[:1]).upper(),
            gender=str(p["gender"]),
        )
    if not cards:
        return []
    org_fields = [
        "slug",
        "name",
        "name_kk",
        "name_ru",
        "name_en",
        "short_name",
        "short_name_kk",
        "short_name_ru",
        "short_name_en",
        "color",
        "classification",
    ]
    rows = (
        open_memberships()
        .filter(person_id__in=list(cards))
        .values(
            "person_id",
            "role",
            *[f"organization__{f}" for f in org_fields],
            *[f"on_behalf_of__{f}" for f in org_fields],
            "area__slug",
            "area__name",
            "area__name_kk",
            "area__name_ru",
            "area__name_en",
        )
        .order_by("organization__slug")
    )
    role_labels = dict(MembershipRole.choices)

    def ref(row: dict[str, object], prefix: str) -> OrgRef:
        sub = {k[len(prefix) + 2 :]: v for k, v in row.items() if k.startswith(prefix + "__")}
        return OrgRef(
            slug=str(sub["slug"]),
            name=_pick(sub, "name", lang),
            short_name=_pick(sub, "short_name", lang),
            color=str(sub["color"] or ""),
        )

    for row in rows:
        card = cards[int(str(row["person_id"]))]
        cls = row["organization__classification"]
        if cls == OrganizationClassification.PARLIAMENT and row["role"] == MembershipRole.DEPUTY:
            if row["on_behalf_of__slug"]:
                card.party = ref(row, "on_behalf_of")
            if row["area__slug"]:
                card.region = OrgRef(
                    slug=str(row["area__slug"]),
                    name=_pick({k[6:]: v for k, v in row.items() if k.startswith("area__")}, "name", lang),
                    short_name="",
                    color="",
                )
        elif cls == OrganizationClassification.FACTION and card.faction is None:
            card.faction = ref(row, "organization")
        elif cls == OrganizationClassification.COMMITTEE:
            org = ref(row, "organization")
            card.committees.append(
                CommitteeSeat(
                    name=org.name, role=str(row["role"]), role_label=str(role_labels.get(str(row["role"]), row["role"]))
                )
            )
    return list(cards.values())
