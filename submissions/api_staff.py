"""Staff API (DESIGN.md): the requests of the caller's departments, and transitions."""

from rest_framework.views import APIView


class SubmissionListView(APIView):
    pass


class SubmissionDetailView(APIView):
    pass


class SubmissionTransitionView(APIView):
    pass
