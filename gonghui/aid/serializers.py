"""Serializers of the aid API (rounds, applications, schemes, claims, payments, reports)."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from gonghui.api.fields import RecordSerializer
from gonghui.core.params import YEAR_MAX, YEAR_MIN

from . import books, rules
from .models import AidRound, Application, Claim, ClaimBill, Enrolment, Payment, Scheme

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class BookedList(serializers.ListSerializer):
    """Rows that read their vouchers from the books: all in one query (the child's
    `attach`) before they are written out."""

    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        self.child.attach(rows)
        return super().to_representation(rows)


def _booked(source: str):  # a voucher's number (记-0007) or state (submitted … posted)
    return serializers.CharField(source=f"booking.{source}", read_only=True, default=None)


class PaymentSerializer(serializers.ModelSerializer):
    voucher_no, voucher_state = _booked("number"), _booked("state")
    voucher_state_display = _booked("state_label")
    fund = serializers.IntegerField(source="booking.fund_id", read_only=True, default=None)
    reversal_voucher_no = _booked("reversal_number")  # the 红字 voucher
    reversal_voucher_state = _booked("reversal_state")
    reversal_voucher_state_display = _booked("reversal_state_label")
    attach = staticmethod(books.attach_payments)

    class Meta:
        model = Payment
        list_serializer_class = BookedList
        fields = (  # noqa: SIM905 - field names as words
            "id application claim amount paid_on fund voucher_no voucher_state "
            "voucher_state_display reversed reversed_on reversal_voucher_no "
            "reversal_voucher_state reversal_voucher_state_display reversal_reason"
        ).split()


class RoundSerializer(serializers.ModelSerializer):
    standards = serializers.SerializerMethodField()

    class Meta:
        model = AidRound
        fields = "id org year name opens_on closes_on standards standards_source note".split()  # noqa: SIM905

    def get_standards(self, obj) -> dict[str, str]:
        return {k: str(v) for k, v in obj.standards().items()}


class RoundWriteSerializer(serializers.Serializer):
    # Without a name the round is called "<year>年金秋助学".
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    standards = serializers.DictField(
        child=serializers.DecimalField(**MONEY),
        required=False,
        help_text="Amount per school level: " + ", ".join(rules.LEVEL_CODES),
    )
    standards_source = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class ApplicationSerializer(RecordSerializer):
    payments = PaymentSerializer(many=True, read_only=True)
    attach = staticmethod(books.attach_payments_of)

    class Meta:
        model = Application
        list_serializer_class = BookedList
        fields = (  # noqa: SIM905 - field names as words
            "id round member member_name child_name school level enrolled_on household_size "
            "income_per_head hardship_file proof_name state amount decision_reason decided_on "
            "payments"
        ).split()


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
    # Beyond the budget or a spending rule: 400 on this field, naming the concerns, unless given.
    override_reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ReverseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=150)
    date = serializers.DateField(required=False)


class BracketSerializer(serializers.Serializer):
    upto = serializers.DecimalField(allow_null=True, **MONEY)
    rate = serializers.DecimalField(max_digits=5, decimal_places=4, min_value=0, max_value=1)


class SchemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scheme
        fields = (  # noqa: SIM905 - field names as words
            "id org year name fund contribution deductible brackets yearly_cap categories "
            "rules_source"
        ).split()


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

    def validate_brackets(self, value) -> tuple[rules.Bracket, ...]:
        return tuple(rules.Bracket(b["upto"], b["rate"]) for b in value)

    def validate_categories(self, value) -> frozenset[str]:
        return frozenset(value)


class EnrolmentSerializer(RecordSerializer):
    voucher_no, voucher_state = _booked("number"), _booked("state")
    voucher_state_display = _booked("state_label")
    attach = staticmethod(books.attach_enrolments)

    class Meta:
        model = Enrolment
        list_serializer_class = BookedList
        fields = (  # noqa: SIM905 - field names as words
            "id scheme member member_name contribution paid_on voucher_no voucher_state "
            "voucher_state_display"
        ).split()


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
    attach = staticmethod(books.attach_payments_of)

    class Meta:
        model = Claim
        list_serializer_class = BookedList
        fields = (  # noqa: SIM905 - field names as words
            "id scheme member member_name hospital admitted_on discharged_on state counted_amount "
            "payout breakdown decision_reason decided_on bills payments"
        ).split()


class ClaimWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    hospital = serializers.CharField(max_length=100)
    admitted_on = serializers.DateField()
    discharged_on = serializers.DateField()
    bills = BillWriteSerializer(many=True, required=False)


def plain(obj, names: str) -> dict:
    """The named attributes of `obj`; amounts as strings, as the reports always gave them."""
    values = {name: getattr(obj, name) for name in names.split()}
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


class EducationReportSerializer(serializers.BaseSerializer):
    def to_representation(self, r):
        paid = [
            {"application": a.pk, "member": a.member.name, **plain(a, "child_name school level")}
            | {"amount": str(amount)}
            for a, amount in r.paid
        ]
        return plain(r, "year people amount applied approved_unpaid rejected") | {
            "rounds": [x.pk for x in r.rounds],
            "levels": [plain(x, "level label people amount") for x in r.levels],
            "paid": paid,
        }


class MedicalReportSerializer(serializers.BaseSerializer):
    def to_representation(self, r):
        names = "year enrolled contributions claims by_state paid_claims paid_people amount"
        paid = [
            {"claim": c.pk, "member": c.enrolment.member.name, "hospital": c.hospital}
            | {"amount": str(amount)}
            for c, amount in r.rows
        ]
        return plain(r, names) | {"schemes": [x.pk for x in r.schemes], "paid": paid}
