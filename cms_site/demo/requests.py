"""The demo's sample requests (`requests_data.REQUESTS`), made and handled through the
real services, so the cartable, statistics, audit trail and tracking page show them.

Each request is submitted (`submission_create`, online or by the desk clerk), routed
(`submission_route`, then `submission_deliver` and the "received" SMS), and lives its
story: staff take it, note, register, ask for a document, refer, complete or reject it
(`submission_take`, `submission_note_add`, `submission_transition`), the citizen
answers (`submission_citizen_reply`) and rates it (`survey_answer`). Answers are
validated with the form's own validator first, as the API does.

Time. The services stamp `timezone.now()` and the project has no clock-faking library,
so every action runs now, inside `SeedClock.at(moment)`, which notes when it started;
at the end, `timestamps_settle` moves every timestamp written during an action back to
its moment, keeping the milliseconds between them (events stay in order, `closed_at`
stays equal to its final event, a survey stays after its request closed). The one
value moved at once is the request's `created_at`, because routing computes the due
date from it, with the agency's working days, as for any request.

Pipeline. `submission_create` writes the request's pipeline steps and wakes them after
commit. The seed does the work of three of them at the request's moment, through the
same services they call: routing and delivery (so staff find the request in its unit
with its due date) and the "received" SMS. Those services are idempotent, so when the
steps run after commit (a worker, or eagerly under `make run`) they find that work done
and only render the PDF receipts, which are left to them: forty receipts take longer
than the rest of the seed, and the receipt page answers "being prepared" meanwhile.
Under tests nothing runs after commit and the steps stay pending, as for a request whose
worker has not come yet. Every SMS is handed to `DemoSmsProvider` seconds after it was
queued; it sends nothing, and no demo message is left queued for the configured provider.
"""

import datetime
import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import cycle

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict

from catalog.models import Department, ServicePage
from formbuilder.persian.identifiers import national_id_check_digit
from formbuilder.persian.jalali import format_jalali
from formbuilder.schema import schema_fields
from formbuilder.validation import answers_validate
from receipts.constants import SURVEY_SCORES, SmsStatus
from receipts.models import SmsMessage, SurveyResponse
from receipts.outbox import sms_message_deliver
from receipts.services import sms_received_queue
from receipts.sms import OutgoingSms, SentSms, SmsBackend, SmsPermanentError
from receipts.survey import survey_answer
from routing.services import submission_deliver, submission_route
from submissions.constants import Actor, Status
from submissions.models import Submission
from submissions.replies import submission_citizen_reply
from submissions.services import (
    submission_create,
    submission_note_add,
    submission_take,
    submission_transition,
)

from . import requests_data as data
from .requests_clock import DemoRequestsError, SeedClock, WorkingCalendar, timestamps_settle
from .requests_data import IN_PERSON, Story
from .sample_files import document_pdf, photo_png

# What each story does after routing, in order.
STORY_STEPS: dict[Story, list[str]] = {
    Story.NEW: [],
    Story.REGISTERED: ["register"],
    Story.IN_REVIEW: ["take"],
    Story.NEEDS_INFO: ["take", "needs_info"],
    Story.REPLIED: ["take", "needs_info", "reply"],
    Story.REFERRED: ["take", "refer"],
    Story.COMPLETED: ["take", "complete"],
    Story.COMPLETED_LATE: ["take", "complete"],
    Story.COMPLETED_AFTER_INFO: ["take", "needs_info", "reply", "complete"],
    Story.COMPLETED_AFTER_REFERRAL: ["take", "refer", "take", "complete"],
    Story.REJECTED: ["take", "reject"],
}
# How many working days after submission an open story's last step may come.
OPEN_SPAN = {Story.REGISTERED: 1, Story.IN_REVIEW: 2, Story.NEEDS_INFO: 3, Story.REFERRED: 3}
SMS_LOGGER = "receipts.services"
MOBILE_PREFIXES = ("0912", "0913", "0919", "0935", "0936", "0938", "0901", "0990")


def demo_requests_ensure(
    *, departments: dict[str, Department], staff_group: Group
) -> dict[str, int]:
    """The sample requests and the colleagues who handle them, once.

    The showcase request marks the set: when its tracking code exists (with its mobile
    number), the requests were made before and are kept as they are. Returns how many
    requests and users this call created.
    """
    handlers, users_created = handlers_ensure(departments, staff_group)
    showcase = Submission.objects.filter(tracking_code=data.SHOWCASE_TRACKING_CODE).first()
    if showcase is not None:
        if showcase.mobile != data.SHOWCASE_MOBILE:
            raise DemoRequestsError(
                f"The showcase tracking code {data.SHOWCASE_TRACKING_CODE} belongs to "
                "another request; the demo requests cannot be added to this database."
            )
        return {"users": users_created, "requests": 0}
    with translation.override(settings.LANGUAGE_CODE):
        seeder = RequestSeeder(departments, handlers)
        for planned in data.REQUESTS:
            seeder.request_seed(planned)
        timestamps_settle(seeder.clock, seeder.submission_ids)
    return {"users": users_created, "requests": len(data.REQUESTS)}


def handlers_ensure(departments: dict[str, Department], staff_group: Group):
    """Who acts on each department's requests: the demo login `staff` in its own units,
    a colleague (no password) in the others. Returns ({code: user}, users created)."""
    user_model = get_user_model()
    clerk = user_model.objects.filter(username=data.CLERK).first()
    if clerk is None:
        raise DemoRequestsError(f"The demo user {data.CLERK!r} is missing.")
    handlers = {department.code: clerk for department in clerk.departments.all()}
    created_count = 0
    for username, first_name, last_name, code in data.COLLEAGUES:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.ir",
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
            created_count += 1
        user.groups.add(staff_group)
        departments[code].members.add(user)
        handlers[code] = user
    return handlers, created_count


@dataclass(frozen=True)
class Citizen:
    name: str
    national_id: str
    mobile: str
    email: str = ""


class DemoSmsProvider(SmsBackend):
    """The demo's SMS provider: nothing leaves the machine. Every message is reported
    delivered, except those to a line out of service, which fail for good (as a
    provider answers for a number that takes no messages)."""

    name = "demo"

    def __init__(self, unreachable: set[str]) -> None:
        self.unreachable = unreachable

    def send(self, sms: OutgoingSms) -> SentSms:
        if sms.recipient in self.unreachable:
            raise SmsPermanentError("The recipient's line is out of service.")
        return SentSms(provider_id=f"demo-{sms.local_id}", status=SmsStatus.DELIVERED)


class RequestSeeder:
    """Makes the planned requests one by one, each through its story."""

    def __init__(self, departments: dict[str, Department], handlers: dict) -> None:
        self.rng = random.Random(data.RANDOM_SEED)  # noqa: S311 (demo data, not security)
        self.clock = SeedClock()
        self.now = timezone.localtime()
        self.calendar = WorkingCalendar(self.now.date())
        self.handlers = handlers
        self.departments = departments
        self.department_codes = {department.pk: code for code, department in departments.items()}
        self.clerk = get_user_model().objects.get(username=data.CLERK)
        self.services = {
            service.service_code: service
            for service in ServicePage.objects.filter(service_code__in=data.ANSWERS)
        }
        self.citizens = self._citizens()
        unreachable = next(c for c in self.citizens if c.name == data.UNREACHABLE_CITIZEN)
        self.sms_provider = DemoSmsProvider({unreachable.mobile})
        order = list(self.citizens)
        self.rng.shuffle(order)
        self.next_citizen = cycle(order).__next__
        self.submission_ids: list[int] = []

    def _citizens(self) -> list[Citizen]:
        rng, citizens = self.rng, []
        for number, name in enumerate(data.CITIZENS, start=1):
            first_nine = "".join(rng.choice("0123456789") for _ in range(9))
            mobile = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
            email = f"citizen{number}@example.ir" if number % 3 == 0 else ""
            national_id = first_nine + str(national_id_check_digit(first_nine))
            citizens.append(Citizen(name, national_id, mobile, email))
        return citizens

    # -- One request ---------------------------------------------------------------

    def request_seed(self, planned: data.PlannedRequest) -> Submission:
        rng = self.rng
        service = self.services.get(planned.service)
        version = service.form_version if service is not None else None
        if version is None:
            raise DemoRequestsError(f"The demo service {planned.service} has no published form.")
        variants = data.ANSWERS[planned.service]
        variant = variants[
            planned.variant if planned.variant is not None else rng.randrange(len(variants))
        ]
        citizen = (
            Citizen(data.SHOWCASE_CITIZEN, "0012345679", data.SHOWCASE_MOBILE)
            if planned.showcase
            else self.next_citizen()
        )
        created_day = self.calendar.last + 1 - planned.working_days_ago
        created = self._created_moment(created_day, planned)
        answers, uploads = self._answers(service, variant, citizen, created.date())
        with self.clock.at(created):
            submission = submission_create(
                service=service,
                form_version=version,
                answers=answers,
                uploads=uploads,
                channel=planned.channel,
                user=self.clerk if planned.channel == IN_PERSON else None,
            )
            # Routing computes the due date from the submission time: move it now.
            fields = {"created_at": self.clock.moved(submission.created_at)}
            if planned.showcase:
                fields["tracking_code"] = data.SHOWCASE_TRACKING_CODE
            Submission.objects.filter(pk=submission.pk).update(**fields)
            Submission.history.filter(id=submission.pk).update(**fields)
        self.submission_ids.append(submission.pk)
        routed = created + datetime.timedelta(seconds=rng.randint(5, 40))
        with self.clock.at(routed):
            submission_route(submission=submission)
            submission_deliver(submission=submission)
            sms_received_queue(submission=submission)
        submission.refresh_from_db()  # its department and due date
        due_day = self.calendar.index(submission.due_date)
        for step, moment in self._schedule(planned, created, created_day, due_day, routed):
            with self.clock.at(moment):
                self._act(step, submission, planned, moment)
            if step in ("complete", "reject") and planned.survey is not None:
                self._survey_answer(submission, planned, moment)
        self._sms_send(submission)
        return submission

    def _created_moment(self, day: int, planned: data.PlannedRequest) -> datetime.datetime:
        """Desk hours in person; online from early morning to late evening, or in the
        morning for the last days' requests (staff act on them the same day)."""
        if planned.channel == IN_PERSON:
            hours = (8, 13)
        else:
            hours = (7, 11) if planned.working_days_ago <= 2 else (7, 22)
        return self._moment(day, *hours)

    def _moment(self, day: int, first_hour: int, last_hour: int) -> datetime.datetime:
        seconds = self.rng.randint(first_hour * 3600, last_hour * 3600)
        start = datetime.datetime.combine(self.calendar.days[day], datetime.time.min)
        return timezone.make_aware(start + datetime.timedelta(seconds=seconds))

    def _schedule(self, planned, created, created_day, due_day, after):
        """(step, moment) of the story's steps: on working days, in office hours, in
        order; a finished story ends by its due date (or after it, when late)."""
        rng, steps = self.rng, list(STORY_STEPS[planned.story])
        if "take" in steps and rng.random() < 0.4:
            steps.insert(steps.index("take") + 1, "note")
        if not steps:
            return []
        last = self.calendar.last
        first = created_day if created.hour < 12 else min(created_day + 1, last)
        if planned.story == Story.COMPLETED_LATE:
            end = min(due_day + rng.randint(1, 5), last)
        elif steps[-1] in ("complete", "reject"):
            end = created_day + max(1, round(rng.uniform(0.3, 0.95) * (due_day - created_day)))
            end = min(end, due_day, last)
        else:
            end = min(created_day + OPEN_SPAN.get(planned.story, 6), last)
        end = max(end, first)
        take_day = min(first + rng.randint(0, 2), end)
        days = [take_day, *sorted(rng.randint(take_day, end) for _ in steps[1:-1]), end]
        schedule = []
        for step, day in zip(steps, days[-len(steps) :], strict=True):
            hours = (7, 22) if step == "reply" else (8, 14)
            moment = self._moment(day, *hours)
            if moment <= after + datetime.timedelta(minutes=5):
                moment = after + datetime.timedelta(seconds=rng.randint(600, 3000))
            schedule.append((step, moment))
            after = moment
        return schedule

    def _handler(self, submission: Submission):
        """The staff member of the request's department: a member, so it is in their
        cartable and theirs to act on."""
        user = self.handlers.get(self.department_codes.get(submission.department_id))
        if user is None:
            raise DemoRequestsError(
                f"No demo staff member works in the department of {submission.tracking_code}."
            )
        return user

    def _act(self, step: str, submission: Submission, planned, moment) -> None:
        code = planned.service
        if step == "reply":
            message, file_name = data.CITIZEN_REPLIES[code]
            upload = SimpleUploadedFile(file_name, document_pdf(self.rng), "application/pdf")
            submission_citizen_reply(submission=submission, message=message, files=[upload])
            return
        user = self._handler(submission)
        if step == "take":
            submission_take(submission=submission, user=user)
        elif step == "note":
            note = self.rng.choice(data.INTERNAL_NOTES)
            submission_note_add(submission=submission, user=user, note=note)
        else:
            status, details = self._transition_details(step, submission, code, moment)
            submission_transition(
                submission=submission, status=status, actor=Actor.STAFF, user=user, **details
            )

    def _transition_details(self, step: str, submission: Submission, code: str, moment):
        """The status a staff step moves the request to, and what goes with it."""
        if step == "register":
            year = format_jalali(timezone.localdate(moment), persian=False)[:4]
            return Status.REGISTERED, {"letter_number": f"{year}/{self.rng.randint(1000, 99999)}"}
        if step == "refer":
            target, note = data.REFERRALS[self.department_codes[submission.department_id]]
            return Status.REFERRED, {"department": self.departments[target], "internal_note": note}
        status, messages = {
            "needs_info": (Status.NEEDS_INFO, data.NEEDS_INFO_MESSAGES),
            "complete": (Status.COMPLETED, data.COMPLETION_MESSAGES),
            "reject": (Status.REJECTED, data.REJECTION_REASONS),
        }[step]
        return status, {"public_message": messages[code]}

    def _sms_send(self, submission: Submission) -> None:
        """Hand each of the request's SMS to the demo provider seconds after it was
        queued, as a worker would. The failures the provider makes up are not logged as
        errors: nothing went wrong."""
        queued = SmsMessage.objects.filter(submission=submission, status=SmsStatus.QUEUED)
        for message_id, recipient, queued_at in queued.values_list("pk", "recipient", "created_at"):
            sent = self.clock.moved(queued_at) + datetime.timedelta(seconds=self.rng.randint(2, 30))
            unreachable = recipient in self.sms_provider.unreachable
            with self.clock.at(sent), logger_disabled(SMS_LOGGER, unreachable):
                sms_message_deliver(message_id=message_id, backend=self.sms_provider)

    def _survey_answer(self, submission, planned, closed: datetime.datetime) -> None:
        rng = self.rng
        survey = SurveyResponse.objects.get(submission=submission)
        overall = planned.survey
        scores = {
            axis: min(5, max(1, overall + rng.choice((-1, 0, 0, 1)))) for axis in SURVEY_SCORES
        }
        scores["overall"] = overall
        if planned.story == Story.COMPLETED_LATE:
            scores["timeliness"] = max(1, overall - 1)
        comment = rng.choice(data.SURVEY_COMMENTS[overall])
        moment = closed + datetime.timedelta(seconds=rng.randint(1200, 48 * 3600))
        with self.clock.at(min(moment, self.now - datetime.timedelta(minutes=10))):
            survey_answer(survey=survey, scores=scores, comment=comment)

    # -- Answers ---------------------------------------------------------------------

    def _postal_code(self) -> str:
        """A code with the shape Iran Post gives its codes (no 0 or 2 in the first five
        digits, the fifth not 5, no 2 in the last five, the first four not all equal)."""
        pick = self.rng.choice
        head = "".join(pick("13456789") for _ in range(3))
        head += pick("13456789".replace(head[0], "") if len(set(head)) == 1 else "13456789")
        return head + pick("134679") + "".join(pick("013456789") for _ in range(5))

    def _answers(self, service: ServicePage, variant: dict, citizen: Citizen, submitted_on):
        """The variant's answers with the citizen's, validated as the API validates them;
        returns the stored answers and the uploads."""
        schema = service.form_version.schema
        specs = {spec["key"]: spec for spec in schema_fields(schema)}
        keys_by_label = {spec["label"]: key for key, spec in specs.items()}
        raw = {"full_name": citizen.name, "national_id": citizen.national_id}
        raw["mobile"] = citizen.mobile
        if citizen.email and "email" in specs:
            raw["email"] = citizen.email
        if "postal_code" in specs:
            raw["postal_code"] = self._postal_code()
        files = MultiValueDict()
        for name, value in variant.items():
            if name == "files":
                continue
            key = name if name in specs else keys_by_label.get(name)
            if key is None:
                raise DemoRequestsError(f"The form of {service.title} has no question {name!r}.")
            if isinstance(value, tuple):
                value = date_answer(specs[key], submitted_on, days=value[1])
            raw[key] = value
        for key, uploads in variant.get("files", {}).items():
            files.setlist(key, [self._upload(name, kind) for name, kind in uploads])
        result = answers_validate(schema, raw, files)
        if not result.is_valid:
            raise DemoRequestsError(
                f"The demo answers do not fit the form of {service.title}: {result.errors}"
            )
        return result.answers, result.uploads

    def _upload(self, name: str, kind: str) -> SimpleUploadedFile:
        if kind == "pdf":
            return SimpleUploadedFile(name, document_pdf(self.rng), "application/pdf")
        return SimpleUploadedFile(name, photo_png(self.rng), "image/png")


@contextmanager
def logger_disabled(name: str, disabled: bool = True) -> Iterator[None]:
    logger = logging.getLogger(name)
    previous, logger.disabled = logger.disabled, disabled or logger.disabled
    try:
        yield
    finally:
        logger.disabled = previous


def date_answer(spec: dict, submitted_on: datetime.date, *, days: int) -> str:
    """A date `days` after the request, as typed (Jalali); a question that accepts only
    dates from today gets one `days` after today when the request is older."""
    today = timezone.localdate()
    day = submitted_on + datetime.timedelta(days=days)
    limits = spec.get("validation") or {}
    if limits.get("earliest") == "today" and day < today:
        day = today + datetime.timedelta(days=abs(days))
    if limits.get("latest") == "today" and day > today:
        day = today
    return format_jalali(day, persian=False)
