from __future__ import annotations

from rest_framework import serializers

from gonghui.core.params import YEAR_MAX, YEAR_MIN

from . import rules
from .models import AidRound, Application, Claim, ClaimBill, Enrolment, Payment, Scheme

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class PaymentSerializer(serializers.ModelSerializer):
    voucher_no = serializers.CharField(source="fund_entry.voucher_no", read_only=True)
    fund = serializers.IntegerField(source="fund_entry.fund_id", read_only=True)
    reversal_voucher_no = serializers.CharField(
        source="reversal_entry.voucher_no", read_only=True, default=None
    )

    class Meta:
        model = Payment
        fields = [
            "id", "application", "claim", "amount", "paid_on", "fund", "voucher_no",
            "reversed", "reversal_voucher_no", "reversal_reason",
        ]  # fmt: skip


class RoundSerializer(serializers.ModelSerializer):
    standards = serializers.SerializerMethodField()

    class Meta:
        model = AidRound
        fields = [
            "id",
            "org",
            "year",
            "name",
            "opens_on",
            "closes_on",
            "standards",
            "standards_source",
            "note",
        ]

    def get_standards(self, obj) -> dict[str, str]:
        return {k: str(v) for k, v in obj.standards().items()}


class RoundWriteSerializer(serializers.Serializer):
    # Without a name the round is called "<year>年金秋助学".
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    standards = serializers.DictField(
        child=serializers.DecimalField(**MONEY), required=False,
        help_text="Amount per school level: " + ", ".join(rules.LEVEL_CODES),
    )  # fmt: skip
    standards_source = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ApplicationSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = [
            "id", "round", "member", "member_name", "child_name", "school", "level",
            "enrolled_on", "household_size", "income_per_head", "hardship_file", "proof_name",
            "state", "amount", "decision_reason", "decided_on", "payments",
        ]  # fmt: skip


class ApplicationWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    child_name = serializers.CharField(max_length=50)
    school = serializers.CharField(max_length=100)
    level = serializers.ChoiceField(choices=rules.LEVEL_CODES)
    enrolled_on = serializers.DateField(required=False, allow_null=True)
    household_size = serializers.IntegerField(min_value=1, default=1)
    income_per_head = serializers.DecimalField(**MONEY)
    hardship_file = serializers.BooleanField(default=False)
    proof = serializers.FileField()


class DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    amount = serializers.DecimalField(required=False, allow_null=True, **MONEY)


class PaySerializer(serializers.Serializer):
    fund = serializers.IntegerField(required=False, help_text="Fund id (claims: the scheme's fund)")
    date = serializers.DateField(required=False)


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=150)
    date = serializers.DateField(required=False)


class BracketSerializer(serializers.Serializer):
    upto = serializers.DecimalField(allow_null=True, **MONEY)
    rate = serializers.DecimalField(max_digits=5, decimal_places=4, min_value=0, max_value=1)


class SchemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scheme
        fields = [
            "id", "org", "year", "name", "fund", "contribution", "deductible", "brackets",
            "yearly_cap", "categories", "rules_source",
        ]  # fmt: skip


class SchemeWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, required=False)
    fund = serializers.IntegerField(required=False)
    contribution = serializers.DecimalField(required=False, **MONEY)
    deductible = serializers.DecimalField(required=False, **MONEY)
    brackets = BracketSerializer(many=True, required=False)
    yearly_cap = serializers.DecimalField(required=False, **MONEY)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=rules.BILL_CATEGORIES), required=False
    )
    rules_source = serializers.CharField(required=False, allow_blank=True)


class EnrolmentSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    voucher_no = serializers.CharField(source="fund_entry.voucher_no", read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "scheme", "member", "member_name", "contribution", "paid_on", "voucher_no"]


class EnrolWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField(required=False, help_text="One member; leave out with all")
    members = serializers.ListField(child=serializers.IntegerField(), required=False)
    all = serializers.BooleanField(
        default=False, help_text="Everybody on the roll not enrolled yet"
    )
    date = serializers.DateField(required=False)


class BillSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimBill
        fields = ["id", "category", "total", "eligible", "note", "file_name"]


class BillWriteSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=rules.BILL_CATEGORIES)
    total = serializers.DecimalField(**MONEY)
    eligible = serializers.DecimalField(**MONEY)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False)


class ClaimSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="enrolment.member_id", read_only=True)
    member_name = serializers.CharField(source="enrolment.member.name", read_only=True)
    bills = BillSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id", "scheme", "member", "member_name", "hospital", "admitted_on", "discharged_on",
            "state", "counted_amount", "payout", "breakdown", "decision_reason", "decided_on",
            "bills", "payments",
        ]  # fmt: skip


class ClaimWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    hospital = serializers.CharField(max_length=100)
    admitted_on = serializers.DateField()
    discharged_on = serializers.DateField()
    bills = BillWriteSerializer(many=True, required=False)
