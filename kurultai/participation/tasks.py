"""Background jobs of citizen participation (django-tasks; `kurultai worker` runs them).

- ``petition_recount``: the signature count, a few seconds behind, instead of a hot counter row;
- ``appeal_reminder``: reminds an appeal's addressee before the answer is due (scheduled with
  ``run_after`` when the appeal is registered, routed or extended);
- ``notifications_email`` and ``notifications_digest``: e-mails at once, or once a day;
- ``petition_notify_signers``: the answer to a petition, to the signers who asked;
- ``participation_sweep``: hourly, reschedules itself: petitions that missed their first
  supporters or whose window closed, counts that fell behind, the daily digest.

Arguments are plain JSON values (ids, registration numbers, ISO dates).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from kurultai.common.services import audit_log
from kurultai.common.workdays import kazakhstan_calendar
from kurultai.participation import messages, services, terms
from kurultai.participation.models import (
    OPEN_APPEAL_STATES,
    Appeal,
    EmailState,
    Notification,
    Petition,
    PetitionStatus,
    Signature,
)
from kurultai.participation.rules import RuleKey

logger = logging.getLogger(__name__)

RECOUNT_DELAY_SECONDS = 3
SWEEP_EVERY = timedelta(hours=1)
DIGEST_HOUR = 8  # Asia/Almaty
REMINDER_HOUR = 9
EMAIL_BATCH = 200


def _site_url() -> str:
    return str(getattr(settings, "KURULTAI_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


# ---------------------------------------------------------------- counting


@task()
def petition_recount(petition_id: int) -> int:
    petition = services.petition_recount(petition_id=petition_id)
    return petition.signature_count if petition is not None else 0


def schedule_recount(petition_id: int) -> None:
    """Ask for a recount in a few seconds, at most once per petition per delay in this process.

    Many signatures in a burst share one recount; the cache key expires with the delay, so the
    next signature after the recount asks again. If the cache loses the key the worst case is an
    extra recount, which is idempotent.
    """
    if cache.add(f"participation:recount:{petition_id}", 1, RECOUNT_DELAY_SECONDS):
        run_after = timezone.now() + timedelta(seconds=RECOUNT_DELAY_SECONDS)
        petition_recount.using(run_after=run_after).enqueue(petition_id)


# ---------------------------------------------------------------- appeals


@task()
def appeal_reminder(number: str, due: str) -> bool:
    return services.appeal_remind(number=number, due=date.fromisoformat(due))


def reminder_day(due: date) -> date:
    return terms.working_days_before(due, services.rule_value(RuleKey.REMINDER_WORKING_DAYS), kazakhstan_calendar())


def schedule_appeal_reminder(number: str, due: date) -> None:
    """A reminder on the morning of the working day N working days before the deadline."""
    day = reminder_day(due)
    run_after = timezone.make_aware(datetime.combine(day, time(REMINDER_HOUR)), timezone.get_default_timezone())
    now = timezone.now()
    if run_after < now:
        if timezone.localdate(now) > due:
            return  # already overdue: it is on the overdue list instead
        run_after = now
    appeal_reminder.using(run_after=run_after).enqueue(number, due.isoformat())


def appeals_remind_due(*, today: date | None = None) -> int:
    """Safety net for reminders lost with a worker: every open appeal inside its reminder window."""
    today = today or timezone.localdate()
    sent = 0
    qs = Appeal.objects.filter(status__in=OPEN_APPEAL_STATES, answer_due__gte=today).filter(
        Q(reminded_for__isnull=True) | ~Q(reminded_for=F("answer_due"))
    )
    for number, due in qs.values_list("number", "answer_due"):
        if reminder_day(due) <= today:
            sent += services.appeal_remind(number=number, due=due, today=today)
    return sent


# ---------------------------------------------------------------- e-mail


def _mail(user_email: str, subject: str, body: str, *, unsubscribe: str = "") -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject=subject, body=body, to=[user_email])
    if unsubscribe:
        # RFC 8058 one-click unsubscribe: mail clients POST to this address.
        message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def _unsubscribe_url(notification: Notification) -> str:
    if notification.subscription is None:
        return ""
    token = services.unsubscribe_token(notification.subscription)
    return f"{_site_url()}/{notification.language}/unsubscribe/{token}/"


@task()
def notifications_email(ids: list[int]) -> int:
    """Send the e-mails of these notifications (those still waiting to be sent at once)."""
    rows = list(
        Notification.objects.filter(pk__in=ids, email_state=EmailState.IMMEDIATE).select_related("user", "subscription")
    )
    if not rows:
        return 0
    messages_out = []
    for n in rows:
        with translation.override(n.language):
            text = messages.render(n.kind, n.params, n.language)
            unsubscribe = _unsubscribe_url(n)
            body = f"{text}\n\n{_site_url()}{n.url}\n"
            if unsubscribe:
                body += "\n" + _("Stop these e-mails: %(url)s") % {"url": unsubscribe} + "\n"
            messages_out.append(
                _mail(n.user.email, _("Kurultai: %(text)s") % {"text": text[:80]}, body, unsubscribe=unsubscribe)
            )
    get_connection().send_messages(messages_out)
    with transaction.atomic():
        done = Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
            email_state=EmailState.SENT, emailed_at=timezone.now()
        )
        audit_log(action="participation.notifications.emailed", data={"count": done})
    return done


@task()
def notifications_digest() -> int:
    """One e-mail per person with everything collected for the digest since the last one."""
    pending = (
        Notification.objects.filter(email_state=EmailState.DIGEST)
        .select_related("user", "subscription")
        .order_by("user_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in pending[:50_000]:
        by_user[n.user_id].append(n)
    out, done = [], []
    for items in by_user.values():
        user = items[0].user
        language = items[-1].language
        with translation.override(language):
            lines = []
            for n in items:
                lines.append(f"• {messages.render(n.kind, n.params, language)}\n  {_site_url()}{n.url}")
                stop = _unsubscribe_url(n)
                if stop:
                    lines.append("  " + _("Stop these e-mails: %(url)s") % {"url": stop})
            subject = _("Kurultai: your daily digest (%(n)s)") % {"n": len(items)}
            out.append(_mail(user.email, subject, "\n".join(lines) + "\n"))
        done += [n.pk for n in items]
    for start in range(0, len(out), EMAIL_BATCH):
        get_connection().send_messages(out[start : start + EMAIL_BATCH])
    if done:
        with transaction.atomic():
            Notification.objects.filter(pk__in=done).update(email_state=EmailState.SENT, emailed_at=timezone.now())
            audit_log(action="participation.notifications.digest", data={"people": len(out)})
    return len(out)


@task()
def petition_notify_signers(petition_id: int) -> int:
    return services.petition_notify_signers(petition_id=petition_id)


# ---------------------------------------------------------------- the sweep


def recount_stale(*, limit: int = 500) -> int:
    """Recount petitions with signatures newer than their count (a recount lost with a worker)."""
    latest = (
        Signature.objects.filter(petition__status__in=[PetitionStatus.LINK_ONLY, PetitionStatus.LISTED])
        .values("petition_id")
        .annotate(last=Max("signed_at"))
        .order_by()
    )
    counted = dict(Petition.objects.filter(pk__in=[r["petition_id"] for r in latest]).values_list("pk", "counted_at"))
    stale = [
        r["petition_id"]
        for r in latest
        if counted.get(r["petition_id"]) is None or counted[r["petition_id"]] < r["last"]
    ]
    for pk in stale[:limit]:
        services.petition_recount(petition_id=pk)
    return len(stale[:limit])


@task()
def participation_sweep() -> dict[str, int]:
    now = timezone.now()
    done = services.petitions_sweep(now=now)
    done["recounted"] = recount_stale()
    done["reminded"] = appeals_remind_due()
    local = timezone.localtime(now)
    if local.hour == DIGEST_HOUR:
        done["digests"] = notifications_digest.call()
    _schedule_sweep(now + SWEEP_EVERY)
    return done


def _schedule_sweep(at: datetime) -> None:
    participation_sweep.using(run_after=at.replace(minute=0, second=5, microsecond=0)).enqueue()


def ensure_sweep_scheduled() -> bool:
    """Make sure one sweep is waiting (the chain starts with the demo or the first appeal)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=participation_sweep.module_path, status__in=["READY", "RUNNING"]
    ).exists()
    if not waiting:
        _schedule_sweep(timezone.now() + timedelta(minutes=1))
    return not waiting


def ensure_sweep_soon() -> None:
    """``ensure_sweep_scheduled`` at most every ten minutes per process (called after writes)."""
    if cache.add("participation:sweep-check", 1, 600):
        ensure_sweep_scheduled()
