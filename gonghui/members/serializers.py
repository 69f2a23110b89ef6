"""API representations of members, their history and transfers (the pages in views.py).

ID and mobile numbers are masked wherever a member is shown, unless the caller holds the
sensitive-data right and asked for them (`reveal` in the serializer context); lists are
always masked.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.core.scoping import unscoped
from gonghui.orgs.models import Organisation, OrgKind

from . import idcard, vocab
from .forms import MEMBER_FIELDS, ActivationForm, ChangeRequestForm, SelfContactForm
from .models import ChangeRequest, LapseTalk, Member, MembershipEvent, Transfer

# Plain read-only text rather than enums for `status` and `kind`: those names already
# stand for other enums in the schema (import batches, organisation kinds), and two
# enums of one name would collide.
STATUS_HELP = "applied, active, retained, transferring, left, lapsed, expelled or rejected"


def _mask(data: dict) -> dict:
    if "id_number" in data:
        data["id_number"] = idcard.mask(data["id_number"] or "")
    if "mobile" in data:
        data["mobile"] = idcard.mask_phone(data["mobile"] or "")
    return data


class MemberListSerializer(serializers.ModelSerializer):
    """A roster row: ID and mobile numbers always masked."""

    sex_display = serializers.CharField(source="get_sex_display", read_only=True)
    member_type_display = serializers.CharField(source="get_member_type_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    union_name = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "sex",
            "sex_display",
            "id_type",
            "id_number",
            "mobile",
            "member_type",
            "member_type_display",
            "org",
            "org_name",
            "union_name",
            "department",
            "status",
            "status_display",
            "status_since",
            "joined_on",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_union_name(self, member: Member) -> str:
        names = self.context.get("union_names")
        if names is None:
            names = union_names([member])
        return names.get(member.org_id, "")

    def to_representation(self, instance):
        return _mask(super().to_representation(instance))


def union_names(members) -> dict[int, str]:
    """The name of the union each member's organisation belongs to, keyed by org id.

    One query for a whole page of members (the union sits above the group, often
    outside the caller's scope, so the nodes are read raw).
    """
    paths = {m.org_id: m.org.path for m in members}
    ids = {int(p) for path in paths.values() for p in path.strip("/").split("/") if p}
    nodes = {o.pk: o for o in Organisation._base_manager.filter(pk__in=ids)}
    out = {}
    for org_id, path in paths.items():
        chain = [nodes[int(p)] for p in path.strip("/").split("/") if p and int(p) in nodes]
        unions = [n for n in chain if n.kind in (OrgKind.GRASSROOTS, OrgKind.JOINT)]
        out[org_id] = unions[-1].name if unions else (chain[-1].name if chain else "")
    return out


def _choices(values) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class MemberSerializer(serializers.ModelSerializer):
    """One member. Writable fields are those of the page's MemberForm.

    `org` is the code of the union group (or union) the member belongs to; it must lie
    inside the caller's union and scope (the view narrows the choices per request).
    """

    # The value lists of the form (vocab.py): the model keeps plain text columns.
    ethnicity = serializers.ChoiceField(
        choices=_choices(vocab.ETHNICITIES), required=False, allow_blank=True
    )
    political_status = serializers.ChoiceField(
        choices=_choices(vocab.POLITICAL), required=False, allow_blank=True
    )
    education = serializers.ChoiceField(
        choices=_choices(vocab.EDUCATION), required=False, allow_blank=True
    )
    employment_status = serializers.ChoiceField(
        choices=_choices(vocab.EMPLOYMENT), required=False, allow_blank=True
    )
    skill_level = serializers.ChoiceField(
        choices=_choices(vocab.SKILL_LEVELS[1:]), required=False, allow_blank=True
    )
    org = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organisation.objects,
        required=False,
        help_text=_("Code of the union group (or union); the organisation of the URL if left out."),
    )
    org_name = serializers.CharField(source="org.name", read_only=True)
    sex_display = serializers.CharField(source="get_sex_display", read_only=True)
    id_type_display = serializers.CharField(source="get_id_type_display", read_only=True)
    hukou_type_display = serializers.CharField(source="get_hukou_type_display", read_only=True)
    member_type_display = serializers.CharField(source="get_member_type_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    account = serializers.SlugRelatedField(
        source="user", slug_field="username", read_only=True, allow_null=True
    )
    masked = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            *MEMBER_FIELDS,
            "org_name",
            "sex_display",
            "id_type_display",
            "hukou_type_display",
            "member_type_display",
            "status",
            "status_display",
            "status_since",
            "dues_paid_until",
            "dues_stop_month",
            "account",
            "masked",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status_since",
            "dues_paid_until",
            "dues_stop_month",
            "created_at",
            "updated_at",
        ]
        # The (id_type, id_number) constraint is platform-wide and a former member may
        # join again under the same record: the service decides, not a scoped validator.
        validators = []

    def __init__(self, *args, org_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if org_choices is not None:
            self.fields["org"].queryset = org_choices

    def validate_name(self, value: str) -> str:
        return value.strip()

    @extend_schema_field(serializers.BooleanField())
    def get_masked(self, member: Member) -> bool:
        return not self.context.get("reveal", False)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return data if self.context.get("reveal") else _mask(data)


class ChangeRequestSerializer(serializers.Serializer):
    """A correction of name or ID number waiting for the committee."""

    field = serializers.CharField(read_only=True)
    new_value = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class MembershipEventSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(
        read_only=True,
        help_text="applied, joined, rejected, transfer_out, transfer_in, transfer_refused, "
        "retained, restored, left, lapsed, expelled, group_changed or imported",
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    from_org = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    from_org_name = serializers.CharField(source="from_org.name", read_only=True, allow_null=True)
    to_org = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    to_org_name = serializers.CharField(source="to_org.name", read_only=True, allow_null=True)
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = MembershipEvent
        fields = [
            "id",
            "kind",
            "kind_display",
            "date",
            "reason",
            "org",
            "org_name",
            "from_org",
            "from_org_name",
            "to_org",
            "to_org_name",
            "decided_by",
        ]
        read_only_fields = fields


class SelfMemberSerializer(serializers.ModelSerializer):
    """The caller's own record: what the page `members/me/` shows; the contact fields
    (those of SelfContactForm) are the only writable ones."""

    org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    history = serializers.SerializerMethodField()
    pending_changes = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "org",
            "org_name",
            "status",
            "status_display",
            "id_number",
            "joined_on",
            *SelfContactForm.Meta.fields,
            "history",
            "pending_changes",
        ]
        read_only_fields = ["id", "name", "joined_on"]

    @extend_schema_field(MembershipEventSerializer(many=True))
    def get_history(self, member: Member):
        from . import services

        return MembershipEventSerializer(services.history(member), many=True).data

    @extend_schema_field(ChangeRequestSerializer(many=True))
    def get_pending_changes(self, member: Member):
        from . import services

        return ChangeRequestSerializer(services.pending_changes(member), many=True).data


class MemberLifecycleSerializer(serializers.Serializer):
    """The fields of the page's ReasonForm."""

    date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class TransferRequestSerializer(serializers.Serializer):
    """The fields of the page's TransferForm."""

    to_code = serializers.CharField(
        max_length=32, help_text=_("Code of the receiving union (usually outside your scope).")
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_to_code(self, value: str) -> Organisation:
        code = value.strip().upper()
        # The receiving union is usually outside the scope: looked up by its code only.
        with unscoped():
            org = Organisation.objects.filter(code=code, is_active=True).first()
        if org is None or org.kind == OrgKind.UPPER:
            raise serializers.ValidationError(_("No union with this code."))
        return org


class TransferSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    from_org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    from_org_name = serializers.CharField(source="from_org.name", read_only=True)
    to_org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    to_org_name = serializers.CharField(source="to_org.name", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    requested_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    direction = serializers.SerializerMethodField()

    class Meta:
        model = Transfer
        fields = [
            "id",
            "member",
            "member_name",
            "from_org",
            "from_org_name",
            "to_org",
            "to_org_name",
            "state",
            "state_display",
            "reason",
            "note",
            "requested_by",
            "requested_on",
            "decided_by",
            "decided_on",
            "direction",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["incoming", "outgoing"]))
    def get_direction(self, transfer: Transfer) -> str:
        return transfer_direction(transfer, self.context["org"])


def transfer_direction(transfer: Transfer, org: Organisation) -> str:
    """As the transfers page splits them: coming in from outside `org`, or going out."""
    if transfer.to_org.is_descendant_of(org) and not transfer.from_org.is_descendant_of(org):
        return "incoming"
    return "outgoing"


class TransferAcceptSerializer(serializers.Serializer):
    group = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organisation.objects,
        required=False,
        allow_null=True,
        help_text=_("Code of the group of the receiving union to place the member in."),
    )


class TransferRefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class MemberMoveSerializer(serializers.Serializer):
    members = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False)
    group = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organisation.objects,
        help_text=_("Code of the union group to move the members to."),
    )

    def validate_members(self, ids: list[int]) -> list[Member]:
        return scoped_members(ids)


def scoped_members(ids: list[int]) -> list[Member]:
    """The members of `ids` in their order; an id outside the caller's scope is an error."""
    ids = list(dict.fromkeys(ids))
    # The scoped manager: a member outside the caller's subtree is unknown here.
    members = list(Member.objects.filter(pk__in=ids).select_related("org"))
    missing = sorted(set(ids) - {m.pk for m in members})
    if missing:
        raise serializers.ValidationError(
            _("No member with the id %(ids)s.") % {"ids": ", ".join(map(str, missing))}
        )
    order = {pk: i for i, pk in enumerate(ids)}
    return sorted(members, key=lambda m: order[m.pk])


class MemberMovedSerializer(serializers.Serializer):
    moved = serializers.IntegerField()


class StatisticsCountSerializer(serializers.Serializer):
    value = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()


class StatisticsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=_("Members on the roll."))
    by_sex = StatisticsCountSerializer(many=True)
    by_member_type = StatisticsCountSerializer(many=True)
    by_education = StatisticsCountSerializer(many=True)
    by_political_status = StatisticsCountSerializer(many=True)


# -- correction requests ------------------------------------------------------


class ChangeRequestItemSerializer(serializers.ModelSerializer):
    """A correction request as the committee's list shows it: the value now and the one
    asked for, in full (the cadre compares them before deciding, as on the page)."""

    member_name = serializers.CharField(source="member.name", read_only=True)
    org = serializers.SlugRelatedField(slug_field="code", read_only=True)
    field = serializers.CharField(read_only=True, help_text="name or id_number")
    state = serializers.CharField(read_only=True, help_text="pending, approved or rejected")
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "member",
            "member_name",
            "org",
            "field",
            "old_value",
            "new_value",
            "reason",
            "state",
            "decided_by",
            "created_at",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        access = self.context.get("access")
        if instance.field == "id_number" and not (access and access.has("members.sensitive:read")):
            from .idcard import mask

            data["old_value"], data["new_value"] = mask(data["old_value"]), mask(data["new_value"])
        return data


class ChangeRequestSubmitSerializer(serializers.Serializer):
    """The fields of the page's ChangeRequestForm."""

    field = serializers.ChoiceField(choices=ChangeRequestForm.base_fields["field"].choices)
    new_value = serializers.CharField(
        max_length=ChangeRequestForm.base_fields["new_value"].max_length
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


# -- invitations --------------------------------------------------------------


class InvitationCandidateSerializer(serializers.ModelSerializer):
    """A member without a login, as the invitations page lists them: mobile masked."""

    group = serializers.SlugRelatedField(source="org", slug_field="code", read_only=True)
    group_name = serializers.CharField(source="org.name", read_only=True)
    mobile = serializers.CharField(source="mobile_masked", read_only=True)

    class Meta:
        model = Member
        fields = ["id", "name", "group", "group_name", "mobile"]
        read_only_fields = fields


class InvitationOverviewSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text=_("Active and retained members without a login (in the group, if given).")
    )
    pending = serializers.IntegerField(help_text=_("Codes printed and not used yet."))
    members = InvitationCandidateSerializer(
        many=True, help_text=_("The first 500 of them, by group and name.")
    )


class InvitationCreateSerializer(serializers.Serializer):
    members = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        allow_empty=False,
        help_text=_(
            "IDs of the members to print codes for; all those listed (at most 500) if left out."
        ),
    )
    group = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organisation.objects,
        required=False,
        help_text=_("Code of a group: only its members."),
    )

    def validate_members(self, ids: list[int]) -> list[Member]:
        return scoped_members(ids)


class InvitationIssuedSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField(
        help_text=_("The one-time code. It exists only in this response: only a hash is stored.")
    )
    activate_url = serializers.CharField(
        help_text=_("What the printed QR code opens: the activation page with the code.")
    )


class ActivationSerializer(serializers.Serializer):
    """The fields of the page's ActivationForm (the password once)."""

    mobile = serializers.CharField(max_length=ActivationForm.base_fields["mobile"].max_length)
    code = serializers.CharField(max_length=ActivationForm.base_fields["code"].max_length)
    password = serializers.CharField(
        write_only=True,
        style={"input_type": "password"},
        help_text=_(
            "The new login's password; when the mobile number already has a login, that "
            "login's current password."
        ),
    )
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        write_only=True,
        help_text=_("The existing login's verification code, if it uses two-step verification."),
    )


class ActivatedSerializer(serializers.Serializer):
    username = serializers.CharField(help_text=_("The new login: the mobile number."))


# -- lapse --------------------------------------------------------------------


class LapseTalkSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    recorded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = LapseTalk
        fields = [
            "id",
            "member",
            "member_name",
            "date",
            "outcome",
            "outcome_display",
            "note",
            "recorded_by",
        ]
        read_only_fields = fields


class LapseTalkRecordSerializer(serializers.Serializer):
    """The fields of the page's LapseTalkForm."""

    member = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    outcome = serializers.ChoiceField(choices=LapseTalk.Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LapseCandidateSerializer(serializers.Serializer):
    """An active member behind with their dues, and each condition of the rule."""

    member = serializers.IntegerField(source="member.pk")
    name = serializers.CharField(source="member.name")
    org = serializers.CharField(source="member.org.code")
    org_name = serializers.CharField(source="member.org.name")
    unpaid_since = serializers.DateField(
        allow_null=True,
        help_text=_("The month the dues are paid until; the months after it are unpaid."),
    )
    took_part = serializers.BooleanField(
        allow_null=True,
        help_text=_("Took part in union life since then; null while no module records it."),
    )
    talk = LapseTalkSerializer(allow_null=True, help_text=_("The latest talk about unpaid dues."))
    meets_all = serializers.BooleanField(
        help_text=_("All conditions hold; the committee still decides each case.")
    )


class LapseRuleSerializer(serializers.Serializer):
    unpaid_months = serializers.IntegerField()
    source = serializers.CharField(help_text=_("The rule's source text."))


class LapseOverviewSerializer(serializers.Serializer):
    rule = LapseRuleSerializer()
    candidates = LapseCandidateSerializer(many=True)


class MemberErrorSerializer(serializers.Serializer):
    """A workflow refused by the service: the message is for the user."""

    detail = serializers.CharField()
