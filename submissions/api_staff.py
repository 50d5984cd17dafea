"""Staff API (DESIGN.md): the requests of the caller's departments, and transitions.

Session (with CSRF) or token authentication. A request the caller may not see is the
same 404 as an unknown code; one they may see but not change is a 403.
"""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, permissions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from .constants import Actor, Status
from .models import Submission, SubmissionEvent
from .paging import WindowPagination
from .selectors import (
    VIEW_ALL_PERMISSION,
    overdue_q,
    submission_may_change,
    submissions_visible_to,
    tracking_code_search_q,
)
from .serializers_staff import (
    StaffSubmissionDetailSerializer,
    StaffSubmissionQuerySerializer,
    StaffSubmissionSerializer,
    TransitionRequestSerializer,
)
from .services import TransitionForbidden, submission_transition
from .tracking import tracking_code_normalise

VIEW_PERMISSION = "submissions.view_submission"
# Token first: an anonymous caller gets a 401 with `WWW-Authenticate: Token`.
AUTHENTICATION = [TokenAuthentication, SessionAuthentication]

TRACKING_CODE_PARAMETER = OpenApiParameter(
    "tracking_code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The request's 12-digit tracking code (Persian, Arabic or Latin digits).",
)
NOT_FOUND = OpenApiResponse(description="No request with this code among those the caller may see.")
NOT_STAFF = OpenApiResponse(
    description="Not signed in (401), or not staff of any department (403)."
)


class IsSubmissionStaff(permissions.BasePermission):
    """Signed in, and allowed to see requests: by permission or as a department's member."""

    message = _("Only staff of a department may use this API.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return (
            user.has_perm(VIEW_PERMISSION)
            or user.has_perm(VIEW_ALL_PERMISSION)
            or user.departments.exists()
        )


def _submission_with_timeline(requests: QuerySet[Submission]) -> QuerySet[Submission]:
    return requests.select_related("service", "department", "assigned_to").prefetch_related(
        "files",
        Prefetch("events", queryset=SubmissionEvent.objects.select_related("actor", "department")),
    )


class StaffAccessMixin:
    """Session or token authentication, staff only, and the 404 of a request out of sight."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsSubmissionStaff]

    def submission_for_caller(self, tracking_code: str) -> Submission:
        """The request with this code if the caller may see it; otherwise 404."""
        code = tracking_code_normalise(tracking_code)
        requests = submissions_visible_to(self.request.user).filter(tracking_code=code)
        submission = _submission_with_timeline(requests).first() if code is not None else None
        if submission is None:
            raise exceptions.NotFound(_("There is no request with this tracking code."))
        return submission


@extend_schema_view(
    get=extend_schema(
        summary="List the requests the caller may see",
        description="Staff see their departments' requests and those assigned to them; "
        "managers with `view_all_submissions` see every request. Newest first.",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
            OpenApiParameter("service", OpenApiTypes.STR, description="A national service code."),
            OpenApiParameter("department", OpenApiTypes.STR, description="A department's code."),
            OpenApiParameter(
                "overdue",
                OpenApiTypes.BOOL,
                description="true: past the due date and not completed or rejected; "
                "false: the others.",
            ),
            OpenApiParameter(
                "search", OpenApiTypes.STR, description="Digits of a tracking code (any digits)."
            ),
        ],
        responses={
            200: StaffSubmissionSerializer(many=True),
            400: OpenApiResponse(description="A filter value that names nothing."),
            401: NOT_STAFF,
            403: NOT_STAFF,
        },
    )
)
class SubmissionListView(StaffAccessMixin, generics.ListAPIView):
    """`GET /api/v1/submissions/`: newest first, a page at a time, without a count
    (`paging.WindowPagination`)."""

    serializer_class = StaffSubmissionSerializer
    pagination_class = WindowPagination

    def get_queryset(self) -> QuerySet[Submission]:
        query = StaffSubmissionQuerySerializer(data=self.request.query_params.dict())
        if not query.is_valid():
            raise exceptions.ValidationError(query.errors)
        filters = query.validated_data
        requests = submissions_visible_to(self.request.user, department=filters.get("department"))
        if "status" in filters:
            requests = requests.filter(status=filters["status"])
        if "service" in filters:
            requests = requests.filter(service__service_code=filters["service"])
        if filters.get("search"):
            requests = requests.filter(tracking_code_search_q(filters["search"]))
        if "overdue" in filters:
            overdue = overdue_q(timezone.localdate())
            requests = requests.filter(overdue if filters["overdue"] else ~overdue)
        return requests.order_by("-created_at", "-pk")

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class SubmissionDetailView(StaffAccessMixin, APIView):
    """`GET /api/v1/submissions/{tracking_code}/`."""

    @extend_schema(
        summary="A request with its answers, files and whole timeline",
        description="Internal notes included. The same 404 for an unknown code and a request "
        "of another department.",
        parameters=[TRACKING_CODE_PARAMETER],
        responses={
            200: StaffSubmissionDetailSerializer,
            401: NOT_STAFF,
            403: NOT_STAFF,
            404: NOT_FOUND,
        },
    )
    def get(self, request, tracking_code: str):
        submission = self.submission_for_caller(tracking_code)
        return Response(StaffSubmissionDetailSerializer(submission).data)


class SubmissionTransitionView(StaffAccessMixin, APIView):
    """`POST /api/v1/submissions/{tracking_code}/transitions/`."""

    @extend_schema(
        summary="Change a request's status (review, refer, ask for information, decide)",
        description=(
            "Only staff who may change requests, for a request of their departments. "
            "`message` is shown and sent to the citizen (required for needs_info, completed "
            "and rejected); `department` refers the request to another unit (required for, "
            "and only with, referred); `internal_note` is seen by staff only. Answers with the "
            "updated request."
        ),
        parameters=[TRACKING_CODE_PARAMETER],
        request=TransitionRequestSerializer,
        responses={
            200: StaffSubmissionDetailSerializer,
            400: OpenApiResponse(description="An unknown status or department, a missing field."),
            401: NOT_STAFF,
            403: OpenApiResponse(
                description="Not staff, or may see the request but not change it "
                "(or a missing CSRF token with a session)."
            ),
            404: NOT_FOUND,
            409: OpenApiResponse(
                description="The status machine does not allow this step from the current status.",
            ),
        },
    )
    def post(self, request, tracking_code: str):
        submission = self.submission_for_caller(tracking_code)
        if not submission_may_change(request.user, submission):
            raise exceptions.PermissionDenied(_("You may not change the status of this request."))
        change = TransitionRequestSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        values = change.validated_data
        try:
            submission_transition(
                submission=submission,
                status=values["status"],
                actor=Actor.STAFF,
                user=request.user,
                public_message=values.get("message", ""),
                internal_note=values.get("internal_note", ""),
                department=values.get("department"),
                letter_number=values.get("letter_number", "").strip(),
            )
        except TransitionForbidden:
            raise exceptions.PermissionDenied(
                _("You may not move a request to this status.")
            ) from None
        # Not through the caller's visibility: a referral may take the request out of it.
        updated = _submission_with_timeline(Submission.objects.filter(pk=submission.pk)).get()
        return Response(StaffSubmissionDetailSerializer(updated).data)
