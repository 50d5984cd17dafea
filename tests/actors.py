"""The desk's actors in tests, acting through the product's own code: staff signed in
to the admin, and the office-automation system registering a request."""

from submissions.constants import Actor, Status
from submissions.services import submission_transition
from tests.factories import department_member, user_with_permissions


def staff_signed_in(client, username: str, *permissions: str, department=None):
    """A new user with `permissions` (a member of `department` when given), signed in on
    the test client `client`; returns the user."""
    user = user_with_permissions(username, *permissions)
    if department is not None:
        user = department_member(user, department)
    client.force_login(user)
    return user


def automation_registers(submission, *, letter_number: str, actor_name: str):
    """The automation system registers the request under `letter_number`, as its
    callback does, in the name of `actor_name` (its secretariat); returns the event."""
    return submission_transition(
        submission=submission,
        status=Status.REGISTERED,
        actor=Actor.AUTOMATION,
        actor_name=actor_name,
        letter_number=letter_number,
    )
