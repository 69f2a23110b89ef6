"""Forms of the cadre pages (setting up ballots and evaluations). The voter's own choices
are read from the POST by views.read_choices / read_answers, never through a bound form
that could end up in a log or a message."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.members.models import ON_ROLL, Member

from . import headcount
from .models import ItemKind, Mode, Scale
from .rules import RULE_CHOICES


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def members_with_login(org) -> list[int]:
    """Users linked to a member on the roll of `org`'s subtree (read past the scope: the
    voter list of a union is built from its roster)."""
    return list(
        Member._base_manager.filter(
            org__path__startswith=org.path, status__in=ON_ROLL, user__isnull=False
        ).values_list("user_id", flat=True)
    )


class ElectorateMixin(forms.Form):
    all_members = forms.BooleanField(
        label=_("Everyone on this union's roll who has a login"), required=False
    )
    voters = forms.CharField(
        label=_("Or these voters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("One username or mobile number per line (e.g. the representatives present)."),
    )

    def __init__(self, *args, org=None, **kwargs):
        self.org = org
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        ids: set[int] = set()
        if data.get("all_members"):
            ids |= set(members_with_login(self.org))
        names = _lines(data.get("voters", ""))
        if names:
            User = get_user_model()
            found = User._base_manager.filter(
                Q(username__in=names) | Q(mobile__in=names), is_active=True
            ).values_list("pk", "username", "mobile")
            known = set()
            for pk, username, mobile in found:
                ids.add(pk)
                known |= {username, mobile}
            unknown = [n for n in names if n not in known]
            if unknown:
                self.add_error(
                    "voters", _("Unknown users: %(names)s") % {"names": "、".join(unknown[:10])}
                )
        if not ids and "voters" not in self.errors:
            self.add_error("voters", _("Choose who may vote."))
        data["electorate"] = sorted(ids)
        return data


class BallotForm(ElectorateMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    rule = forms.ChoiceField(label=_("Rule"), choices=RULE_CHOICES, initial="congress")
    kind = forms.ChoiceField(
        label=_("The items are"), choices=ItemKind.choices, initial=ItemKind.MOTION
    )
    items = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One motion or candidate per line."),
    )
    seats = forms.IntegerField(
        label=_("Seats"),
        min_value=0,
        initial=0,
        required=False,
        help_text=_("For candidates: how many are elected (0: no limit)."),
    )
    meeting = forms.ChoiceField(
        label=_("Held at the session"),
        required=False,
        help_text=_(
            "The representatives signed in there vote: those with a login on their phones, "
            "the others on paper. Who may vote and how many are present are taken from the "
            "sign-in when voting opens."
        ),
    )
    total_electorate = forms.IntegerField(
        label=_("All representatives"),
        min_value=1,
        required=False,
        help_text=_(
            "Everyone who should attend: the base of “more than half of all” "
            "(taken from the congress for a ballot held at a session)."
        ),
    )
    secret = forms.BooleanField(label=_("Secret ballot"), required=False, initial=True)
    mode = forms.ChoiceField(label=_("Voting by"), choices=Mode.choices, initial=Mode.ONLINE)
    field_order = [
        "title",
        "description",
        "rule",
        "kind",
        "items",
        "seats",
        "meeting",
        "total_electorate",
        "secret",
        "mode",
        "all_members",
        "voters",
    ]

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, org=org, **kwargs)
        meetings = headcount.meetings(org) if org is not None else []
        self.fields["meeting"].choices = [("", _("None: the voters are chosen below"))] + meetings
        if not meetings:
            self.fields["meeting"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if data.get("meeting"):
            # The session's sign-in decides who votes and how many are present.
            self.errors.pop("voters", None)
            kind, _sep, ident = data["meeting"].rpartition(":")
            data["source"] = (kind, ident)
        elif (
            data.get("mode") == Mode.PAPER
            and not self.data.get("voters")
            and not data.get("all_members")
        ):
            # A paper ballot may be counted without naming the voters.
            self.errors.pop("voters", None)
        if not data.get("meeting") and not data.get("total_electorate"):
            self.add_error("total_electorate", _("Give the number of all representatives."))
        return data

    def item_dicts(self) -> list[dict]:
        kind = self.cleaned_data["kind"]
        return [{"text": t, "kind": kind} for t in _lines(self.cleaned_data["items"])]


class EvaluationCreateForm(ElectorateMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scale = forms.ChoiceField(label=_("Scale"), choices=Scale.choices, initial=Scale.GRADES)
    subjects = forms.CharField(
        label=_("People evaluated"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, a space, the position (e.g. 李红梅 工会主席)."),
    )
    items = forms.CharField(
        label=_("Items"),
        initial="德\n能\n勤\n绩\n廉",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line; leave empty for one overall rating."),
        required=False,
    )
    field_order = ["title", "description", "scale", "subjects", "items", "all_members", "voters"]

    def subject_dicts(self) -> list[dict]:
        out = []
        for line in _lines(self.cleaned_data["subjects"]):
            name, _sep, title = line.replace("\u3000", " ").partition(" ")
            out.append({"name": name.strip(), "title": title.strip()})
        return out

    def item_texts(self) -> list[str]:
        return _lines(self.cleaned_data.get("items", ""))


class PaperCountForm(forms.Form):
    ballots_issued = forms.IntegerField(label=_("Ballots issued"), min_value=0)
    ballots_returned = forms.IntegerField(label=_("Ballots returned"), min_value=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            for choice, label in (
                (c, lbl)
                for c, lbl in (
                    ("yes", _("For")),
                    ("no", _("Against")),
                    ("abstain", _("Abstain")),
                )
            ):
                self.fields[f"item-{item.pk}-{choice}"] = forms.IntegerField(
                    label=f"{item.text} · {label}", min_value=0, initial=0
                )

    def tallies(self) -> dict:
        return {
            item.pk: {c: self.cleaned_data[f"item-{item.pk}-{c}"] for c in ("yes", "no", "abstain")}
            for item in self.items
        }

    def rows(self):
        return [
            (item, [self[f"item-{item.pk}-{c}"] for c in ("yes", "no", "abstain")])
            for item in self.items
        ]
