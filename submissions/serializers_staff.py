"""The shapes of the staff API (`api_staff.py`): requests, their files and events, and the
input of a transition."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Department
from formbuilder.persian.text import normalize_digits

from .constants import Channel, EventKind, Priority, Status
from .models import Submission, SubmissionEvent, SubmissionFile
from .selectors import submission_is_overdue

LETTER_NUMBER_MAX_LENGTH = 64  # Submission.letter_number
MESSAGE_MAX_LENGTH = 2000
# Statuses the citizen must be told why about: what is missing, the result, the reason.
# Other status fields than `status` are documented as text, so that the schema has one
# status enum (same choices under several names is a drf-spectacular warning).
STATUS_HELP = "A status: " + ", ".join(Status.values) + "."
MESSAGE_REQUIRED_FOR = frozenset({Status.NEEDS_INFO, Status.COMPLETED, Status.REJECTED})


class ServiceRefSerializer(serializers.Serializer):
    service_code = serializers.CharField()
    title = serializers.CharField()


class DepartmentRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class StaffSubmissionSerializer(serializers.ModelSerializer):
    """One request in the staff list."""

    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    service = ServiceRefSerializer()
    department = DepartmentRefSerializer(allow_null=True)
    assigned_to = serializers.SerializerMethodField()
    priority = serializers.ChoiceField(choices=Priority.choices)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "tracking_code",
            "status",
            "status_label",
            "service",
            "department",
            "assigned_to",
            "priority",
            "letter_number",
            "due_date",
            "overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.CharField(
            allow_null=True,
            help_text="The username of the staff member who took the request; null until "
            "someone does.",
        )
    )
    def get_assigned_to(self, submission: Submission) -> str | None:
        user = submission.assigned_to
        return user.username if user is not None else None

    def get_overdue(self, submission: Submission) -> bool:
        return submission_is_overdue(submission, today=self.context.get("today"))


class SubmissionFileSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="field_key")
    name = serializers.CharField(source="original_name")

    class Meta:
        model = SubmissionFile
        fields = ["key", "name", "content_type", "size"]
        read_only_fields = fields


class StaffEventSerializer(serializers.ModelSerializer):
    """Every event of a request, internal notes included: staff see them."""

    kind = serializers.ChoiceField(choices=EventKind.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    previous_status = serializers.CharField(help_text=STATUS_HELP + " Empty for the first event.")
    actor = serializers.SerializerMethodField()
    department = DepartmentRefSerializer(allow_null=True)

    class Meta:
        model = SubmissionEvent
        fields = [
            "kind",
            "status",
            "previous_status",
            "public_message",
            "internal_note",
            "actor",
            "department",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.CharField(
            help_text="The user's username, or who acted when it was not a user "
            "(the automation endpoint, the citizen); empty when unknown."
        )
    )
    def get_actor(self, event: SubmissionEvent) -> str:
        return event.actor.username if event.actor is not None else event.actor_name


class StaffSubmissionDetailSerializer(StaffSubmissionSerializer):
    """One request with the citizen's answers, files and whole timeline."""

    channel = serializers.ChoiceField(choices=Channel.choices)
    data = serializers.DictField(help_text="The answers, by question key.")
    files = SubmissionFileSerializer(many=True)
    events = StaffEventSerializer(many=True)

    class Meta(StaffSubmissionSerializer.Meta):
        fields = StaffSubmissionSerializer.Meta.fields + [
            "mobile",
            "national_id",
            "channel",
            "data",
            "files",
            "events",
        ]
        read_only_fields = fields


class StaffSubmissionQuerySerializer(serializers.Serializer):
    """The list's filters; a value that names nothing is a 400 naming the parameter."""

    status = serializers.ChoiceField(
        choices=Status.choices,
        required=False,
        error_messages={"invalid_choice": _("“{input}” is not a status.")},
    )
    service = serializers.CharField(required=False, max_length=40)
    department = serializers.CharField(required=False, max_length=64)
    overdue = serializers.BooleanField(required=False)
    search = serializers.CharField(required=False, allow_blank=True, max_length=40)

    def validate_service(self, value: str) -> str:
        code = normalize_digits(value).strip()
        if not code.isascii() or not code.isdigit() or len(code) > 11:
            raise serializers.ValidationError(_("Enter a national service code (digits)."))
        return code

    def validate_department(self, value: str) -> Department:
        department = Department.objects.filter(code=value.strip()).first()
        if department is None:
            raise serializers.ValidationError(_("There is no department with this code."))
        return department

    def validate_search(self, value: str) -> str:
        digits = "".join(normalize_digits(value).replace("-", " ").split())
        if digits and (not digits.isascii() or not digits.isdigit()):
            raise serializers.ValidationError(_("Search by the digits of a tracking code."))
        return digits


class TransitionRequestSerializer(serializers.Serializer):
    """`POST …/transitions/`: the new status, the message to the citizen, a referral."""

    status = serializers.ChoiceField(
        choices=Status.choices,
        error_messages={"invalid_choice": _("“{input}” is not a status.")},
    )
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MESSAGE_MAX_LENGTH,
        help_text="Shown and sent to the citizen; required for needs_info, completed, rejected.",
    )
    department = serializers.CharField(
        required=False,
        max_length=64,
        help_text="The code of the department the request is referred to "
        "(required for, and only with, referred).",
    )
    internal_note = serializers.CharField(
        required=False, allow_blank=True, max_length=MESSAGE_MAX_LENGTH
    )
    letter_number = serializers.CharField(
        required=False, allow_blank=True, max_length=LETTER_NUMBER_MAX_LENGTH
    )

    validate_department = StaffSubmissionQuerySerializer.validate_department

    def validate(self, attrs: dict) -> dict:
        status = attrs["status"]
        errors = {}
        if status in MESSAGE_REQUIRED_FOR and not attrs.get("message", "").strip():
            errors["message"] = [_("Write a message to the citizen for this status.")]
        if status == Status.REFERRED and attrs.get("department") is None:
            errors["department"] = [_("Choose the department the request is referred to.")]
        if status != Status.REFERRED and attrs.get("department") is not None:
            errors["department"] = [_("Only a referral names a department.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
