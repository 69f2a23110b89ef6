"""Serializers of the activities API: activities, sign-ups, files, statistics, festivals
(those of the interest groups and contests: groups/ and contests/)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.api.fields import ScopedSlugRelatedField
from gonghui.orgs.models import Organisation

from . import models, selectors
from .festivals import KINDS

# -- activities ---------------------------------------------------------------------------


class MemberActivitySerializer(serializers.ModelSerializer):
    """An activity as members see it (what is open to them): no bookkeeping."""

    organiser = serializers.CharField(source="org.code", read_only=True)
    organiser_name = serializers.CharField(source="org.name", read_only=True)
    groups = ScopedSlugRelatedField(Organisation, slug_field="code", many=True, required=False)
    effective_status = serializers.CharField(read_only=True)
    signup_open = serializers.SerializerMethodField()

    class Meta:
        model = models.Activity
        fields = [
            *("id", "organiser", "organiser_name", "title", "kind", "audience", "groups"),
            *("starts_at", "ends_at", "place", "description", "signup_opens_at"),
            *("signup_closes_at", "quota", "family_allowed", "family_max", "family_counts"),
            *("cost_per_person", "budget", "actual_cost", "report", "status", "effective_status"),
            "signup_open",
        ]
        read_only_fields = ["id", "actual_cost", "report", "status"]

    def get_signup_open(self, obj) -> bool:
        return obj.signup_is_open()


class VoucherRefSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="记-0007, numbered per month")
    date = serializers.DateField()
    state = serializers.CharField(help_text="submitted (待审核), reviewed, posted (已记账)...")
    state_display = serializers.CharField(source="get_state_display")


class ActivityListSerializer(serializers.ListSerializer):
    def to_representation(self, data):  # the vouchers of a whole page in one query
        items = data.all() if hasattr(data, "all") else data
        return super().to_representation(selectors.with_vouchers(items))


class ActivitySerializer(MemberActivitySerializer):
    """An activity as its organiser's cadres see it: with the voucher that books its
    actual cost (null while none is booked)."""

    voucher = serializers.SerializerMethodField()

    class Meta(MemberActivitySerializer.Meta):
        fields = [*MemberActivitySerializer.Meta.fields, "voucher"]
        list_serializer_class = ActivityListSerializer

    @extend_schema_field(VoucherRefSerializer(allow_null=True))
    def get_voucher(self, obj) -> dict | None:
        voucher = selectors.booked_voucher(obj)
        return voucher and VoucherRefSerializer(voucher).data


class ActivityListItemSerializer(ActivitySerializer):
    confirmed = serializers.IntegerField(source="n_confirmed", read_only=True)
    waiting = serializers.IntegerField(source="n_waiting", read_only=True)
    attended = serializers.IntegerField(source="n_attended", read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = [*ActivitySerializer.Meta.fields, "confirmed", "waiting", "attended"]


class RecordSerializer(serializers.Serializer):
    report = serializers.CharField()
    actual_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    # Beyond the budget or a spending rule: 400 on this field, naming the concerns, unless given.
    override_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CheckinCodeSerializer(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.URLField()


class ActivityStatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    activities = serializers.IntegerField()
    participants = serializers.IntegerField(help_text="Check-ins (person-times)")
    people = serializers.IntegerField(help_text="Different members who took part")
    on_roll = serializers.IntegerField()
    by_month = serializers.ListField(child=serializers.DictField())
    by_kind = serializers.ListField(child=serializers.DictField())
    by_group = serializers.ListField(child=serializers.DictField())
    most_active = serializers.ListField(child=serializers.DictField())
    never_count = serializers.IntegerField()
    never = serializers.ListField(child=serializers.DictField())
    actual_cost = serializers.FloatField()


# -- sign-ups -----------------------------------------------------------------------------


class SignupSerializer(serializers.ModelSerializer):
    member_id = serializers.IntegerField(read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    group = serializers.CharField(source="member.org.name", read_only=True)
    attended = serializers.BooleanField(read_only=True)

    class Meta:
        model = models.Signup
        fields = [
            *("id", "activity_id", "member_id", "member_name", "group", "state", "seq"),
            *("family_count", "family_names", "source", "signed_up_at", "cancelled_at"),
            *("checked_in_at", "checkin_method", "attended"),
        ]
        read_only_fields = fields


class MySignupSerializer(serializers.ModelSerializer):
    """A member's own sign-up: no other people's names."""

    activity_id = serializers.IntegerField(read_only=True)
    activity_title = serializers.CharField(source="activity.title", read_only=True)
    starts_at = serializers.DateTimeField(source="activity.starts_at", read_only=True)
    waiting_position = serializers.SerializerMethodField()
    attended = serializers.BooleanField(read_only=True)

    class Meta:
        model = models.Signup
        fields = [
            *("id", "activity_id", "activity_title", "starts_at", "state", "waiting_position"),
            *("family_count", "family_names", "signed_up_at", "checked_in_at", "attended"),
        ]
        read_only_fields = fields

    def get_waiting_position(self, obj) -> int | None:
        return selectors.waiting_position(obj)


class AddSignupSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    family_count = serializers.IntegerField(min_value=0, default=0)
    family_names = serializers.CharField(max_length=200, required=False, default="")


class SelfSignupSerializer(serializers.Serializer):
    family_count = serializers.IntegerField(min_value=0, default=0)
    family_names = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )


class AttendanceSerializer(serializers.Serializer):
    present = serializers.BooleanField()


class CheckinSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The token of the activity's check-in QR code")


class MyActivitiesSerializer(serializers.Serializer):
    open = MemberActivitySerializer(many=True)
    signups = MySignupSerializer(many=True)


# -- files --------------------------------------------------------------------------------


class FileSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.ActivityFile
        fields = ["id", "name", "caption", "is_photo", "size", "content_type", "uploaded_at"]
        read_only_fields = fields


class ActivityUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    is_photo = serializers.BooleanField(default=False)
    caption = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


# -- festivals ----------------------------------------------------------------------------


class FestivalSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    date = serializers.DateField()
    kind = serializers.CharField(help_text="One of: " + ", ".join(KINDS))
    lunar = serializers.BooleanField()
    solar_term = serializers.BooleanField()
    lunar_label = serializers.CharField()
    gift_allowed = serializers.BooleanField()
    suggestions = serializers.ListField(child=serializers.CharField())
    activity_kind = serializers.CharField(help_text="A kind of activity, for the creation page")
    category = serializers.CharField(help_text="The plan task category it serves")


class FestivalCalendarSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    festivals = FestivalSerializer(many=True)
