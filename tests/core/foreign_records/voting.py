from __future__ import annotations

OBJECT_KWARGS = {
    "ballot_id": ("voting.Ballot", "org"),
    "evaluation_id": ("voting.EvaluationForm", "org"),
}
VALUE_KWARGS = {
    "ballot_action": ["open", "close", "publish", "delete"],
    "evaluation_action": ["open", "close", "publish", "delete"],
}


def build(union) -> None:
    """An open ballot (with one vote cast) and an open evaluation of the foreign union,
    whose electorate is the foreign union's own chair."""
    from gonghui.accounts.models import User
    from gonghui.voting import services

    outsider = User.objects.get(username="outsider")
    ballot = services.ballot_create(
        actor=outsider,
        org=union,
        title="外区表决",
        items=[{"text": "外区议题"}],
        electorate_user_ids=[outsider.pk],
        total_electorate=1,
    )
    services.ballot_open(actor=outsider, ballot=ballot)
    (item,) = ballot.items.all()
    services.vote_cast(voter_user=outsider, ballot=ballot, choices={item.pk: "yes"})
    form = services.evaluation_create(
        actor=outsider,
        org=union,
        title="外区测评",
        subjects=[{"name": "外区主席", "title": "主席"}],
        items=["德"],
        electorate_user_ids=[outsider.pk],
    )
    services.evaluation_open(actor=outsider, form=form)
