"""The pieces of the API base resources share (#12): RecordSerializer builds the fields
answers repeat from Meta.fields, and check_model answers a model's own rules as the
field-keyed 400 a page form shows."""

from __future__ import annotations

import pytest
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from gonghui.api.fields import RecordSerializer
from gonghui.api.viewsets import check_model
from gonghui.members.models import MembershipEvent
from gonghui.orgs.models import Organisation


class EventShape(RecordSerializer):
    class Meta:
        model = MembershipEvent
        fields = ["id", "kind_display", "org", "org_name", "from_org", "from_org_name"]
        fields += ["decided_by"]
        read_only_fields = fields


class OrgShape(RecordSerializer):
    class Meta:
        model = Organisation
        fields = ["unit_name", "unit_type_display", "parent", "parent_name"]


def test_labels_names_and_keys_are_built_from_the_field_names():
    fields = EventShape().fields
    assert fields["kind_display"].source == "get_kind_display" and fields["kind_display"].read_only
    assert fields["org_name"].source == "org.name" and not fields["org_name"].allow_null
    # An empty relation shows null, not a missing key.
    assert fields["from_org_name"].allow_null
    assert isinstance(fields["org"], serializers.SlugRelatedField)
    assert fields["org"].slug_field == "code"
    assert fields["decided_by"].slug_field == "username"


def test_a_model_field_of_such_a_name_stays_itself():
    fields = OrgShape().fields
    # unit_name is a column of its own, not the name of a relation called "unit".
    assert fields["unit_name"].source == "unit_name"
    assert fields["unit_type_display"].source == "get_unit_type_display"
    assert fields["parent_name"].source == "parent.name" and fields["parent_name"].allow_null


def test_a_choice_label_of_a_field_without_choices_is_refused_as_unknown():
    class Wrong(RecordSerializer):
        class Meta:
            model = Organisation
            fields = ["name_display"]

    with pytest.raises(Exception, match="name_display"):
        _ = Wrong().fields


def test_check_model_answers_the_models_rules_by_field():
    org = Organisation(code="", name="")
    with pytest.raises(ValidationError) as refused:
        check_model(org, {"kind": "group"}, validate_unique=False, validate_constraints=False)
    assert org.kind == "group"  # the values are set, as a ModelForm sets them
    assert {"code", "name"} <= set(refused.value.detail)
    # A group belongs under a union: the model's clean() speaks about the parent.
    assert "parent" in refused.value.detail
