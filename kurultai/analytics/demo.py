"""Demo analytics: a modest set of synthetic citizen texts (clearly marked as synthetic) and one
recomputation, so the topics page shows topics, emerging topics and campaigns; and demo voters on
the open consultation (bill 2026-15), so its opinion map has groups to show. Idempotent.

The voters are demo accounts ``voter01`` … ``voter36`` (verified with synthetic IINs, no
password: nobody logs in as them). Each belongs to one of three planted opinion groups —
supporters of counting in working days, sceptics who prefer calendar days, and those who want
sanctions for missed terms — and votes on 8 to 11 of the consultation's comments, agreeing with
its group's side with probability 0.85; everybody agrees that the end date should be sent by SMS
(a consensus comment).
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from kurultai.accounts.iin import make_iin
from kurultai.accounts.models import User
from kurultai.accounts.permissions import SYSTEM
from kurultai.accounts.services import citizen_verify, user_create
from kurultai.analytics import services, tasks
from kurultai.analytics.models import CitizenText, ModelRun, RunStatus, Source
from kurultai.legislation import services as legislation
from kurultai.legislation.models import Comment, CommentStatus, Consultation

DEMO_TEXTS = 600
DEMO_SEED = 7
DEMO_TOPICS = 12

OPINION_BILL = "2026-15"
VOTERS = 36
VOTER_REGIONS = ("KZ-75", "KZ-71", "KZ-39", "KZ-55", "KZ-10", "KZ-23")
# (provision, text, agree probability of the supporters, the sceptics, the sanctions group)
OPINION_COMMENTS: list[tuple[str, str, tuple[float, float, float]]] = [
    ("art_2__para_2", "Считать в рабочих днях — правильно, людям так понятнее.", (0.9, 0.1, 0.5)),
    (
        "art_2__para_2",
        "Календарные дни проще и честнее: в рабочих днях сроки для людей станут длиннее.",
        (0.1, 0.9, 0.4),
    ),
    (
        "art_4__para_1",
        "Жұмыс күндерімен есептеу қызметтерді баяулатады, мерзімді күнтізбелік күнмен қалдыру керек.",
        (0.15, 0.85, 0.5),
    ),
    ("art_5", "Нужен штраф для чиновника, который пропустил срок, иначе закон не заработает.", (0.5, 0.4, 0.9)),
    ("art_5", "Мерзімді бұзған қызметкерге жауапкершілік нақты жазылуы тиіс.", (0.4, 0.5, 0.9)),
    ("art_4__para_1", "Дату окончания срока надо присылать по СМС и в eGov Mobile.", (0.9, 0.85, 0.9)),
    (
        "art_1__para_2",
        "Нужен переходный период хотя бы полгода, чтобы ЦОНы успели перестроиться.",
        (0.15, 0.85, 0.2),
    ),
    ("art_1__para_2", "Бұл заң азаматтар үшін түсінікті: бүкіл елге бір ереже.", (0.9, 0.15, 0.5)),
    (
        "art_5",
        "Штрафы ничего не решат: лучше автоматически считать услугу оказанной, когда срок истёк.",
        (0.5, 0.5, 0.1),
    ),
]
# The demo's own comments on the bill, in the order the legislation demo writes them.
EXISTING_COMMENTS: list[tuple[float, float, float]] = [(0.85, 0.3, 0.6), (0.8, 0.5, 0.5), (0.3, 0.4, 0.9)]


def demo_analytics() -> None:
    if not CitizenText.objects.filter(source=Source.SYNTHETIC).exists():
        services.texts_generate(n=DEMO_TEXTS, seed=DEMO_SEED)
    if not ModelRun.objects.filter(status=RunStatus.DONE).exists():
        services.analytics_rebuild(actor=SYSTEM, k=DEMO_TOPICS)
    demo_opinion()
    # The incremental chain: texts citizens add to the demo reach their topics within minutes.
    transaction.on_commit(tasks.ensure_ingest_scheduled)


def _voter(i: int) -> User:
    username = f"voter{i:02d}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(username=username, password=None, display_name=f"Demo voter {i}")
        born = date(1955 + (i * 7) % 45, 1 + i % 12, 1 + (i * 3) % 28)
        iin = make_iin(born, "F" if i % 2 else "M", serial=3000 + i)
        citizen_verify(user=user, iin=iin, region_code=VOTER_REGIONS[i % len(VOTER_REGIONS)])
        user = User.objects.select_related("citizen").get(pk=user.pk)
    return user


def demo_opinion(seed: int = DEMO_SEED) -> int:
    """Demo voters, comments and votes on the open consultation; returns the votes cast (0 when
    already done or when the bill is not in the demo)."""
    consultation = Consultation.objects.select_related("version").filter(bill__slug=OPINION_BILL).first()
    if consultation is None or not consultation.is_open() or User.objects.filter(username="voter01").exists():
        return 0
    rng = random.Random(seed)
    voters = [_voter(i) for i in range(1, VOTERS + 1)]
    existing = list(
        Comment.objects.filter(consultation=consultation, status=CommentStatus.VISIBLE).order_by("pk")[
            : len(EXISTING_COMMENTS)
        ]
    )
    columns: list[tuple[Comment, tuple[float, float, float]]] = list(
        zip(existing, EXISTING_COMMENTS[: len(existing)], strict=True)
    )
    for n, (eid, text, prefs) in enumerate(OPINION_COMMENTS):
        author = voters[(n * 4) % VOTERS]
        comment = legislation.comment_create(version=consultation.version, eid=eid, text=text, actor=author)
        columns.append((comment, prefs))
    votes = 0
    for i, voter in enumerate(voters):
        group = i % 3
        for comment, prefs in rng.sample(columns, rng.randint(8, min(11, len(columns)))):
            kind = "agree" if rng.random() < prefs[group] else "disagree"
            legislation.comment_react(comment=comment, kind=kind, actor=voter)
            votes += 1
    return votes
