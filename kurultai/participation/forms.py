"""Forms of the participation pages: they parse input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kurultai.participation.models import (
    MAX_ANSWER,
    MAX_NOTE,
    MAX_TEXT,
    MAX_TITLE,
    AppealAddressee,
    Category,
    Delivery,
    PetitionAddressee,
    ProposalAddressee,
    RejectionReason,
    ReportReason,
)
from kurultai.registry.models import Area, AreaClassification, Organization


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the service (type by content, size)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return list(data)
        return [data] if data else []


def _org_choices(classification: str) -> list[tuple[str, str]]:
    return [(o.slug, o.name) for o in Organization.objects.filter(classification=classification).order_by("name")]


def _region_choices() -> list[tuple[str, str]]:
    regions = Area.objects.exclude(classification=AreaClassification.COUNTRY).order_by("name")
    return [("", "—"), *((a.identifier, a.name) for a in regions)]


class AppealForm(forms.Form):
    addressee_kind = forms.ChoiceField(label=_("To whom"), choices=AppealAddressee.choices)
    committee = forms.ChoiceField(label=_("Committee"), required=False)
    faction = forms.ChoiceField(label=_("Faction"), required=False)
    deputy = forms.ChoiceField(label=_("Deputy"), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    subject = forms.CharField(label=_("Subject"), max_length=MAX_TITLE)
    text = forms.CharField(label=_("Your appeal"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 10}))
    attachments = MultipleFileField(label=_("Attachments (PDF, PNG or JPEG, up to 5 files of 5 MB)"), required=False)
    consent_to_publish = forms.BooleanField(
        label=_("I agree that the text and the answer may be published without my name"), required=False
    )

    def __init__(self, *args: Any, deputies: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none = [("", "—")]
        self.fields["committee"].choices = none + _org_choices("committee")
        self.fields["faction"].choices = none + _org_choices("faction")
        self.fields["deputy"].choices = none + (deputies or [])

    def addressee(self) -> str:
        kind = self.cleaned_data["addressee_kind"]
        return str(self.cleaned_data.get(kind, "") or "") if kind != "parliament" else ""


class RouteForm(forms.Form):
    addressee_kind = forms.ChoiceField(label=_("Route to"), choices=AppealAddressee.choices)
    addressee = forms.CharField(
        label=_("Identifier of the committee, faction or deputy"), max_length=120, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=MAX_NOTE, required=False)


class ForwardForm(forms.Form):
    to = forms.CharField(label=_("Competent body"), max_length=300)
    note = forms.CharField(label=_("Note to the citizen"), max_length=MAX_NOTE, required=False)


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("New term"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reasons for the extension"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 8}))


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}))


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating of the answer"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment (optional)"), max_length=MAX_NOTE, required=False)


class PetitionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    text = forms.CharField(
        label=_("What you ask and why"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 10})
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    addressee_kind = forms.ChoiceField(label=_("Addressee"), choices=PetitionAddressee.choices)
    region = forms.ChoiceField(label=_("Region (for regional and local addressees)"), required=False)
    district_name = forms.CharField(label=_("City or district"), max_length=120, required=False)
    district_population = forms.IntegerField(
        label=_("Residents of the city or district"), required=False, min_value=0, max_value=100_000_000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _region_choices()


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Publish by link")), ("reject", _("Reject"))])
    reason = forms.ChoiceField(
        label=_("Reason for rejecting"), choices=[("", "—"), *RejectionReason.choices], required=False
    )
    note = forms.CharField(label=_("Note to the author"), max_length=MAX_NOTE, required=False)


class InvalidateForm(forms.Form):
    network = forms.CharField(label=_("Network"), max_length=50)
    reason = forms.CharField(label=_("Reason"), max_length=MAX_NOTE)


class ProposalForm(forms.Form):
    addressee_kind = forms.ChoiceField(label=_("To whom"), choices=ProposalAddressee.choices)
    committee = forms.ChoiceField(label=_("Committee"), required=False)
    party = forms.ChoiceField(label=_("Party"), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    text = forms.CharField(label=_("Your proposal"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none = [("", "—")]
        self.fields["committee"].choices = none + _org_choices("committee")
        self.fields["party"].choices = none + _org_choices("party")

    def addressee(self) -> str:
        kind = self.cleaned_data["addressee_kind"]
        return str(self.cleaned_data.get(kind, "") or "") if kind != "parliament" else ""


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong"), choices=ReportReason.choices)
    note = forms.CharField(label=_("Details (optional)"), max_length=MAX_NOTE, required=False)


class HideForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ReportReason.choices)
    note = forms.CharField(label=_("Note to the author"), max_length=MAX_NOTE, required=False)


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(label=_("Tell me by"), choices=Delivery.choices)
