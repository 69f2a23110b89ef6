"""Reads of the voting pages and API."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.members.models import Member, pinyin_keys

from . import services
from .models import (
    Ballot,
    BallotItem,
    BallotPaper,
    EvaluationForm,
    EvaluationItem,
    EvaluationParticipation,
    EvaluationSubject,
    Participation,
    State,
)


def ballots() -> QuerySet[Ballot]:
    """Ballots of the active scope with their electorate and turnout (`voted` counts the
    papers handed out in a mixed ballot too: those people vote, on paper)."""
    return Ballot.objects.select_related("org").annotate(
        electorate=Count("participations", distinct=True),
        voted=Count(
            "participations", filter=Q(participations__voted_on__isnull=False), distinct=True
        ),
        handed_paper=Count(
            "participations", filter=Q(participations__on_paper=True), distinct=True
        ),
    )


def phone_voters(ballot: Ballot) -> list[dict]:
    """The electorate of a mixed ballot by name, and who was handed a paper: the list the
    committee ticks when someone asks for a paper ballot. Never who has voted by phone."""
    rows = list(
        Participation._base_manager.filter(ballot=ballot).values_list("user_id", "on_paper")
    )
    ids = [uid for uid, _paper in rows]
    names = dict(Member._base_manager.filter(user_id__in=ids).values_list("user_id", "name"))
    users = dict(
        get_user_model()._base_manager.filter(pk__in=ids).values_list("pk", "display_name")
    )
    people = [
        {"user_id": uid, "name": names.get(uid) or users.get(uid) or "", "on_paper": paper}
        for uid, paper in rows
    ]
    return sorted(people, key=lambda p: (p["on_paper"], pinyin_keys(p["name"])[0]))


def evaluations() -> QuerySet[EvaluationForm]:
    return EvaluationForm.objects.select_related("org").annotate(
        electorate=Count("participations", distinct=True),
        voted=Count(
            "participations", filter=Q(participations__responded_on__isnull=False), distinct=True
        ),
    )


def ballot(ballot_id: int) -> Ballot:
    """One ballot of the active scope for its cadres (404 otherwise), with its counts."""
    return get_object_or_404(ballots(), pk=ballot_id)


def evaluation(evaluation_id: int) -> EvaluationForm:
    return get_object_or_404(evaluations(), pk=evaluation_id)


def results_visible(obj, access) -> bool:
    """Published results are for every reader; the cadres running it see the count once
    closed, to check it before publishing."""
    if obj.state == State.PUBLISHED:
        return True
    return obj.state == State.CLOSED and access.has("voting.ballot:write")


def _on_line(org, other) -> bool:
    """`other` is `org`, above it or below it: what a voter at `org` may reach."""
    return org.path.startswith(other.path) or other.path.startswith(org.path)


def reachable_ballot(org, ballot_id: int) -> Ballot:
    """A ballot for the voter pages: held by the page's organisation, an organisation
    above it (a member whose login sits at a group votes in the union's ballot) or below.
    Read past the scope on purpose; anything else is a 404."""
    ballot = Ballot._base_manager.select_related("org").filter(pk=ballot_id).first()
    if ballot is None or not _on_line(org, ballot.org):
        raise Http404
    return ballot


def reachable_evaluation(org, evaluation_id: int) -> EvaluationForm:
    form = EvaluationForm._base_manager.select_related("org").filter(pk=evaluation_id).first()
    if form is None or not _on_line(org, form.org):
        raise Http404
    return form


def voter_ballot(org, user, ballot_id: int) -> tuple[Ballot, bool | None]:
    """A reachable ballot and whether `user` voted in it (None: not in the electorate,
    who may read it once published and get a 403 before)."""
    found = reachable_ballot(org, ballot_id)
    voted = services.has_voted(found, user)
    if voted is None and found.state != State.PUBLISHED:
        raise PermissionDenied
    return found, voted


def voter_evaluation(org, user, evaluation_id: int) -> tuple[EvaluationForm, bool | None]:
    """A reachable evaluation and whether `user` answered it (as `voter_ballot`)."""
    form = reachable_evaluation(org, evaluation_id)
    responded = services.has_responded(form, user)
    if responded is None and form.state != State.PUBLISHED:
        raise PermissionDenied
    return form, responded


def ballot_items(ballot: Ballot) -> list[BallotItem]:
    """The items of a ballot reached by `reachable_ballot`: read past the scope, since the
    voter's organisation may sit below the ballot's (the scoped `ballot.items` would be
    empty there)."""
    return list(BallotItem._base_manager.filter(ballot=ballot).order_by("position", "id"))


def evaluation_subjects(form: EvaluationForm) -> list[EvaluationSubject]:
    return list(EvaluationSubject._base_manager.filter(form=form).order_by("position", "id"))


def evaluation_items(form: EvaluationForm) -> list[EvaluationItem]:
    return list(EvaluationItem._base_manager.filter(form=form).order_by("position", "id"))


def my_ballots(user, org) -> list[tuple[Ballot, bool]]:
    """(ballot, voted) for the ballots the user is in the electorate of, not drafts."""
    rows = (
        Participation._base_manager.filter(user_id=user.pk)
        .exclude(ballot__state="draft")
        .select_related("ballot", "ballot__org")
        .order_by("-ballot__created_at", "-ballot_id")[:50]
    )
    return [(p.ballot, p.voted_on is not None) for p in rows if _on_line(org, p.ballot.org)]


def my_evaluations(user, org) -> list[tuple[EvaluationForm, bool]]:
    rows = (
        EvaluationParticipation._base_manager.filter(user_id=user.pk)
        .exclude(form__state="draft")
        .select_related("form", "form__org")
        .order_by("-form__created_at", "-form_id")[:50]
    )
    return [(p.form, p.responded_on is not None) for p in rows if _on_line(org, p.form.org)]


def papers_table(ballot: Ballot, items) -> list[tuple[str, list[str]]]:
    """(fingerprint, choice per item in item order) for every paper, by random id."""
    rows = (
        BallotPaper._base_manager.filter(ballot=ballot)
        .order_by("id")
        .values_list("receipt_hash", "choices")
    )
    return [(h[:12], [c.get(str(i.pk), "") for i in items]) for h, c in rows]
