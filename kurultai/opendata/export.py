"""``kurultai export --out DIR``: every public record as bulk open data.

Writes ``popolo.json`` (one Popolo document, as EveryPolitician published), ``akn/`` (every
bill version in every language as Akoma Ntoso, by legislation's serializer), ``csv/`` (one
file per public table: UTF-8, a header row, ISO 8601 dates and UTC times) and
``catalogue.json`` (DCAT: title, description, licence, media type, size, SHA-256, modified).

Nothing personal leaves: no IIN (never stored anyway), no account, no author of a petition,
proposal or comment, no appeal.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from kurultai.opendata import catalogue as cat
from kurultai.registry.api import AreaOut, MembershipOut, OrganizationOut, PersonOut, PostOut
from kurultai.registry.models import Area, Convocation, Membership, Organization, Person, Post
from kurultai.registry.selectors import PARLIAMENT_SLUG

LANGS = ("kk", "ru", "en")


def licence() -> str:
    return str(getattr(settings, "KURULTAI_OPENDATA_LICENSE", "") or cat.CC_BY_4)


def export_dir() -> Path:
    """Where the nightly job keeps the published export (served by the /data/ page)."""
    return Path(settings.VAR_DIR) / "opendata" / "current"


def iso(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _iso_or_none(value: Any) -> str | None:
    return iso(value) or None


# ---------------------------------------------------------------- Popolo


def _events() -> list[dict[str, Any]]:
    from kurultai.plenary.models import Sitting

    events: list[dict[str, Any]] = [
        {
            "id": c.slug,
            "name": c.name,
            "classification": "legislative period",
            "organization_id": c.parliament.slug,
            "start_date": iso(c.start_date),
            "end_date": _iso_or_none(c.end_date),
        }
        for c in Convocation.objects.select_related("parliament").order_by("start_date")
    ]
    for s in Sitting.objects.select_related("convocation").order_by("starts_at", "slug"):
        events.append(
            {
                "id": s.slug,
                "name": s.title,
                "classification": "plenary sitting",
                "organization_id": PARLIAMENT_SLUG,
                "parent_id": s.convocation.slug,
                "start_date": iso(s.opened_at or s.starts_at),
                "end_date": _iso_or_none(s.closed_at),
                "status": s.state,
            }
        )
    return events


def _vote_events() -> Iterator[dict[str, Any]]:
    from kurultai.plenary import selectors as plenary
    from kurultai.plenary.api import VoteEventOut
    from kurultai.plenary.models import VoteEvent

    qs = VoteEvent.objects.filter(state__in=plenary.DECIDED_VOTE_STATES).select_related(
        "agenda_item__sitting__convocation"
    )
    for v in qs.order_by("closed_at", "slug"):
        data = VoteEventOut.from_model(v)
        data["votes"] = [
            {"voter_id": r["voter_id"], "option": r["option"], "group_id": r["group_id"]}
            for r in plenary.vote_rows_for_api(v)
        ]
        yield data


def popolo() -> dict[str, Any]:
    """The whole registry and every decided vote as one Popolo document."""
    persons = [PersonOut.from_model(p) for p in Person.objects.order_by("sort_name", "slug")]
    organizations = [
        OrganizationOut.from_model(o)
        for o in Organization.objects.select_related("parent", "area").prefetch_related("sources").order_by("slug")
    ]
    memberships = [
        MembershipOut.from_model(m)
        for m in Membership.objects.select_related("person", "organization", "on_behalf_of", "post", "area").order_by(
            "slug"
        )
    ]
    posts = [PostOut.from_model(p) for p in Post.objects.select_related("organization", "area").order_by("slug")]
    areas = [AreaOut.from_model(a) for a in Area.objects.select_related("parent", "population_source")]
    return {
        "meta": {"generated": iso(timezone.now()), "license": licence(), "source": "Kurultai"},
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "posts": posts,
        "areas": areas,
        "events": _events(),
        "vote_events": list(_vote_events()),
    }


# ---------------------------------------------------------------- CSV tables


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    header: tuple[str, ...]
    rows: Iterable[Iterable[Any]]


def _tr(obj: Any, name: str) -> list[str]:
    return [str(getattr(obj, f"{name}_{lang}", "") or "") for lang in LANGS]


def _tr_header(name: str) -> tuple[str, ...]:
    return tuple(f"{name}_{lang}" for lang in LANGS)


def _registry_tables(doc: dict[str, Any]) -> list[Table]:
    people = Person.objects.order_by("sort_name", "slug")
    return [
        Table(
            "persons",
            "Persons",
            "Deputies and other people of the registry (Popolo Person).",
            (
                "id",
                *_tr_header("name"),
                "family_name",
                "given_name",
                "patronymic_name",
                "sort_name",
                "gender",
                "birth_date",
                "demo",
                "updated_at",
            ),
            (
                [
                    p.slug,
                    *_tr(p, "name"),
                    p.family_name,
                    p.given_name,
                    p.patronymic_name,
                    p.sort_name,
                    p.gender,
                    iso(p.birth_date),
                    str(p.is_demo).lower(),
                    iso(p.updated_at),
                ]
                for p in people
            ),
        ),
        Table(
            "organizations",
            "Organizations",
            "Parliament, parties, factions, committees, councils, maslikhats and state bodies.",
            (
                "id",
                *_tr_header("name"),
                "short_name",
                "classification",
                "parent_id",
                "area_id",
                "founding_date",
                "dissolution_date",
            ),
            (
                [
                    o.slug,
                    *_tr(o, "name"),
                    o.short_name,
                    o.classification,
                    o.parent.slug if o.parent_id else "",
                    o.area.slug if o.area_id else "",
                    iso(o.founding_date),
                    iso(o.dissolution_date),
                ]
                for o in Organization.objects.select_related("parent", "area").order_by("slug")
            ),
        ),
        Table(
            "memberships",
            "Memberships",
            "Who belongs to which organization, in which role, from when to when.",
            (
                "id",
                "person_id",
                "organization_id",
                "role",
                "label",
                "on_behalf_of_id",
                "post_id",
                "area_id",
                "start_date",
                "end_date",
            ),
            (
                [
                    m["id"],
                    m["person_id"],
                    m["organization_id"],
                    m["role"],
                    m["label"] or "",
                    m["on_behalf_of_id"] or "",
                    m["post_id"] or "",
                    m["area_id"] or "",
                    m["start_date"] or "",
                    m["end_date"] or "",
                ]
                for m in doc["memberships"]
            ),
        ),
        Table(
            "posts",
            "Posts",
            "Positions in organizations (Popolo Post).",
            ("id", "label", "role", "organization_id", "area_id", "start_date", "end_date"),
            (
                [
                    p["id"],
                    p["label"],
                    p["role"],
                    p["organization_id"],
                    p["area_id"] or "",
                    p["start_date"] or "",
                    p["end_date"] or "",
                ]
                for p in doc["posts"]
            ),
        ),
        Table(
            "areas",
            "Areas",
            "The country, its regions and cities of republican significance (ISO 3166-2).",
            ("id", "identifier", *_tr_header("name"), "classification", "parent_id", "population", "population_date"),
            (
                [
                    a.slug,
                    a.identifier,
                    *_tr(a, "name"),
                    a.classification,
                    a.parent.slug if a.parent_id else "",
                    a.population if a.population is not None else "",
                    iso(a.population_date),
                ]
                for a in Area.objects.select_related("parent").order_by("identifier")
            ),
        ),
    ]


def _plenary_tables(doc: dict[str, Any]) -> list[Table]:
    from kurultai.plenary.models import Sitting, VoteEvent
    from kurultai.plenary.selectors import PUBLIC_VOTE_STATES

    return [
        Table(
            "sittings",
            "Plenary sittings",
            "Every plenary sitting with its state and times (UTC).",
            ("id", "number", "convocation_id", *_tr_header("title"), "starts_at", "state", "opened_at", "closed_at"),
            (
                [
                    s.slug,
                    s.number,
                    s.convocation.slug,
                    *_tr(s, "title"),
                    iso(s.starts_at),
                    s.state,
                    iso(s.opened_at),
                    iso(s.closed_at),
                ]
                for s in Sitting.objects.select_related("convocation").order_by("starts_at", "slug")
            ),
        ),
        Table(
            "vote_events",
            "Vote events",
            "Every public vote with its question, result and counts.",
            (
                "id",
                "sitting_id",
                "subject_id",
                "question_type",
                *_tr_header("title"),
                "state",
                "opened_at",
                "closed_at",
                "result",
                "total",
                "present",
                "needed",
                "yes",
                "no",
                "abstain",
                "not_voting",
                "absent",
            ),
            (
                [
                    v.slug,
                    v.agenda_item.sitting.slug,
                    v.agenda_item.subject_ref,
                    v.question_type,
                    *_tr(v, "title"),
                    v.state,
                    iso(v.opened_at),
                    iso(v.closed_at),
                    v.result,
                    *[
                        "" if x is None else x
                        for x in (
                            v.total_seats,
                            v.present_count,
                            v.needed,
                            v.yes_count,
                            v.no_count,
                            v.abstain_count,
                            v.not_voting_count,
                            v.absent_count,
                        )
                    ],
                ]
                for v in VoteEvent.objects.filter(state__in=PUBLIC_VOTE_STATES)
                .select_related("agenda_item__sitting")
                .order_by("opened_at", "slug")
            ),
        ),
        Table(
            "votes",
            "Votes",
            "Every seated deputy's option in every decided vote (roll calls).",
            ("vote_event_id", "voter_id", "option", "group_id"),
            (
                [v["id"], vote["voter_id"], vote["option"], vote["group_id"] or ""]
                for v in doc["vote_events"]
                for vote in v["votes"]
            ),
        ),
    ]


def _legislation_tables() -> list[Table]:
    from kurultai.legislation.models import Amendment, Bill, BillVersion, StageTransition

    return [
        Table(
            "bills",
            "Bills",
            "Every bill with its stage, initiator and lead committee.",
            (
                "id",
                "year",
                "number",
                *_tr_header("title"),
                "bill_type",
                "initiator_kind",
                "initiator",
                "lead_committee_id",
                "stage",
                "stage_since",
                "registered_on",
                "current_version",
                "amends_act_id",
            ),
            (
                [
                    b.slug,
                    b.year,
                    b.number,
                    *_tr(b, "title"),
                    b.bill_type,
                    b.initiator_kind,
                    b.initiator,
                    b.lead_committee.slug if b.lead_committee_id else "",
                    b.stage,
                    iso(b.stage_since),
                    iso(b.registered_on),
                    b.current_version.number if b.current_version_id else "",
                    b.amends_act.slug if b.amends_act_id else "",
                ]
                for b in Bill.objects.select_related("lead_committee", "current_version", "amends_act").order_by(
                    "year", "number"
                )
            ),
        ),
        Table(
            "bill_versions",
            "Bill versions",
            "Every published text of every bill; the texts are in akn/.",
            ("bill_id", "number", "label", "kind", "published_on", "sha256", "languages"),
            (
                [v.bill.slug, v.number, v.label, v.kind, iso(v.published_on), v.sha256, " ".join(v.languages)]
                for v in BillVersion.objects.select_related("bill")
                .defer("text_kk", "text_ru", "text_en", "source_kk", "source_ru", "source_en")
                .order_by("bill__year", "bill__number", "number")
            ),
        ),
        Table(
            "stage_transitions",
            "Bill stages",
            "Each step of each bill through the readings.",
            ("bill_id", "number", "from_stage", "to_stage", "at", "vote_event_id", "decision"),
            (
                [t.bill.slug, t.number, t.from_stage, t.to_stage, iso(t.at), t.vote_event_ref, t.decision]
                for t in StageTransition.objects.select_related("bill").order_by("bill__year", "bill__number", "number")
            ),
        ),
        Table(
            "amendments",
            "Amendments",
            "Amendments to bills with the committee's recommendation and the outcome.",
            (
                "bill_id",
                "number",
                "version",
                "provision",
                "author_person_id",
                "author_committee_id",
                "recommendation",
                "outcome",
                "proposed_at",
                "decided_at",
            ),
            (
                [
                    a.bill.slug,
                    a.number,
                    a.version.number,
                    a.target_eid,
                    a.author_person_slug,
                    a.author_committee.slug if a.author_committee_id else "",
                    a.recommendation,
                    a.outcome,
                    iso(a.proposed_at),
                    iso(a.decided_at),
                ]
                for a in Amendment.objects.select_related("bill", "version", "author_committee")
                .defer("version__text_kk", "version__text_ru", "version__text_en")
                .order_by("bill__year", "bill__number", "number")
            ),
        ),
    ]


def _participation_tables() -> list[Table]:
    from kurultai.participation.models import PUBLIC_PETITION_STATES, Petition, Proposal, ProposalStatus

    return [
        Table(
            "petitions",
            "Petitions",
            "Public e-petitions with their thresholds, counts and answers (no signer, no author).",
            (
                "id",
                "title",
                "language",
                "category",
                "addressee_kind",
                "area_id",
                "status",
                "threshold",
                "signature_count",
                "listed_at",
                "collect_until",
                "sent_at",
                "answered_on",
                "answer",
            ),
            (
                [
                    p.slug,
                    p.title,
                    p.language,
                    p.category,
                    p.addressee_kind,
                    p.area.slug if p.area_id else "",
                    p.status,
                    p.threshold,
                    p.signature_count,
                    iso(p.listed_at),
                    iso(p.collect_until),
                    iso(p.sent_at),
                    iso(p.answered_on),
                    p.answer_text,
                ]
                for p in Petition.objects.filter(status__in=PUBLIC_PETITION_STATES, hidden_at__isnull=True)
                .select_related("area")
                .order_by("listed_at", "slug")
            ),
        ),
        Table(
            "proposals",
            "Proposals",
            "Public proposals to parties, factions and deputies with their answers (no author).",
            (
                "id",
                "title",
                "language",
                "category",
                "addressee_kind",
                "addressee_id",
                "status",
                "created_at",
                "answered_at",
                "answer",
            ),
            (
                [
                    p.slug,
                    p.title,
                    p.language,
                    p.category,
                    p.addressee_kind,
                    p.addressee_org.slug,
                    p.status,
                    iso(p.created_at),
                    iso(p.answered_at),
                    p.answer_text,
                ]
                for p in Proposal.objects.filter(hidden_at__isnull=True)
                .exclude(status=ProposalStatus.WITHDRAWN)
                .select_related("addressee_org")
                .order_by("created_at", "slug")
            ),
        ),
    ]


def tables(doc: dict[str, Any]) -> list[Table]:
    return [*_registry_tables(doc), *_plenary_tables(doc), *_legislation_tables(), *_participation_tables()]


def _write_csv(path: Path, table: Table) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow(row)


# ---------------------------------------------------------------- the whole export


@dataclass(frozen=True)
class ExportReport:
    out: Path
    persons: int
    vote_events: int
    tables: int
    akn_files: int
    bytes: int


def export(out: Path) -> ExportReport:
    """Write the bulk export into ``out`` (created; files already there are replaced)."""
    from kurultai.legislation.selectors import akn_files

    out.mkdir(parents=True, exist_ok=True)
    for sub in ("csv", "akn"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir()
    now = iso(timezone.now())
    described: list[cat.Distribution] = []
    with translation.override("kk"):
        doc = popolo()
        (out / "popolo.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        described.append(
            cat.describe(
                out,
                "popolo.json",
                title="Popolo",
                description="Persons, organizations, memberships, posts, areas, events (sittings) and vote events "
                "with counts and votes, in the Popolo format.",
                modified=now,
            )
        )
        all_tables = tables(doc)
        for table in all_tables:
            rel = f"csv/{table.name}.csv"
            _write_csv(out / rel, table)
            described.append(cat.describe(out, rel, title=table.title, description=table.description, modified=now))
    akn = 0
    for f in akn_files(bill=None, version=None, language=None):
        rel = f"akn/{f.name}"
        target = (out / rel).resolve()
        if not target.is_relative_to((out / "akn").resolve()):
            raise ValueError(f"The export file name {f.name!r} leaves the output directory.")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.xml)
        akn += 1
        described.append(
            cat.describe(
                out, rel, title=f"Akoma Ntoso {f.name}", description="A bill version as Akoma Ntoso 3.0.", modified=now
            )
        )
    document = cat.catalogue(
        described,
        title="Kurultai open data",
        description="Bulk open data of the Kurultai: the Popolo registry and votes, bills as Akoma Ntoso, "
        "and one CSV file per public table.",
        licence=licence(),
        publisher="Kurultai",
        issued=now,
    )
    (out / "catalogue.json").write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return ExportReport(
        out=out,
        persons=len(doc["persons"]),
        vote_events=len(doc["vote_events"]),
        tables=len(all_tables),
        akn_files=akn,
        bytes=sum(d.byte_size for d in described),
    )


def publish() -> ExportReport:
    """Export into a fresh folder beside the published one, then swap it in (readers never see half)."""
    current = export_dir()
    base = current.parent
    base.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    fresh = base / f".new-{stamp}"
    report = export(fresh)
    old = base / f".old-{stamp}"
    if current.exists():
        current.rename(old)
    fresh.rename(current)
    shutil.rmtree(old, ignore_errors=True)
    return ExportReport(current, report.persons, report.vote_events, report.tables, report.akn_files, report.bytes)


def published_catalogue() -> dict[str, Any] | None:
    path = export_dir() / "catalogue.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None
