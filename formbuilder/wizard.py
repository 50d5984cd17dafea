"""The multi-step wizard over a published schema (django-formtools), one page per step.

`submissions` subclasses `SchemaWizardView` to say which schema to serve (`get_schema`)
and what to do with the answers (`done`). Steps are `StepForm`s plus a final
"check your answers" page; files live in `file_storage` between steps: private storage
(settings.STORAGES["wizard_uploads"]) under random names, known only to the session that
uploaded them, deleted when the wizard finishes or starts over, or when abandoned.
"""

import logging
from collections import OrderedDict
from functools import partial
from typing import Any

from django import forms
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language
from formtools.wizard.forms import ManagementForm
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView, WizardView

from .conditions import condition_evaluate
from .display import answers_display
from .forms import ReviewForm, StepForm
from .schema import Schema, schema_declaration
from .services import wizard_uploads_cleanup_due
from .tasks import wizard_uploads_cleanup
from .translations import schema_localize
from .uploads import file_name_sanitise, wizard_upload_name, wizard_uploads_storage

logger = logging.getLogger(__name__)

REVIEW_STEP = "review"
FILE_INDEX = "::"  # "s2-deed::0": formtools keeps one file per name, we may have several
REMOVE_FILE = "wizard_remove_file"  # a kept file's field name: drop it (a checkbox)


def _kept_files(step: str, kept: MultiValueDict) -> dict[str, list[dict[str, Any]]]:
    """A step's stored files by question key, as the page shows them (name, size)."""
    return {
        name.removeprefix(f"{step}-"): [
            {"name": file_name_sanitise(upload.name), "size": upload.size}
            for upload in kept.getlist(name)
        ]
        for name in kept
    }


def wizard_prefix(wizard_key: str) -> str:
    """A wizard's prefix (`SchemaWizardView.get_wizard_key`): of its management form and,
    after formtools' own "wizard_", of its state in the session (`wizard_session_key`)."""
    return f"khedmat_wizard_{wizard_key}"


def wizard_session_key(wizard_key: str) -> str:
    """The session key of a wizard's state (formtools' BaseStorage prefixes "wizard_")."""
    return f"wizard_{wizard_prefix(wizard_key)}"


class _Placeholder(forms.Form):
    """`as_view()` wants a form; the real list is built per request in `setup()`."""


class WizardSessionStorage(BaseStorage):
    """The wizard's state in the session, written only once there is something to keep.

    A storage backend as formtools documents one (`storage_name`): a BaseStorage whose
    `data` property holds the state. formtools' own SessionStorage creates the state as
    soon as the view runs, so a visitor who only opens the first step would cost a
    session row. While `deferred` is set (a first-step GET by someone with no wizard
    state), reads see an empty state and nothing is written; the first write creates the
    state in the session.
    """

    deferred = False

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.opened_files: dict[tuple[str, str], UploadedFile] = {}
        self.discarded_files: list[str] = []

    @property
    def is_new(self) -> bool:
        return self.prefix not in self.request.session

    @property
    def data(self) -> dict:
        if self.is_new:
            if self.deferred:
                return _empty_state(self)
            self.init_data()
        self.request.session.modified = True  # the caller may change what it reads
        return self.request.session[self.prefix]

    @data.setter
    def data(self, value: dict) -> None:
        self.request.session[self.prefix] = value
        self.request.session.modified = True

    # -- files: formtools' own methods, with the differences their docstrings say ------

    def get_step_files(self, step):
        """The step's stored files as UploadedFiles, each remembering its stored name.

        A file no longer in storage (deleted as abandoned while its citizen was away) is
        forgotten, so the step asks for it again instead of failing.
        """
        wizard_files = self.data[self.step_files_key].get(step, {})
        files = {}
        for field, entry in list(wizard_files.items()):
            if (step, field) not in self.opened_files:
                try:
                    handle = self.file_storage.open(entry["tmp_name"])
                except FileNotFoundError:
                    del wizard_files[field]
                    continue
                meta = {key: value for key, value in entry.items() if key != "tmp_name"}
                upload = UploadedFile(file=handle, **meta)
                upload.wizard_tmp_name = entry["tmp_name"]
                self.opened_files[(step, field)] = upload
            files[field] = self.opened_files[(step, field)]
        return files or None

    def set_step_files(self, step, files):
        """Keep the step's files: a new upload under a random name (its citizen's name,
        sanitised, is kept beside it for display only), a file kept from before as it was;
        files replaced or dropped are deleted once the response is sent."""
        previous = {
            entry["tmp_name"]: entry
            for entry in self.data[self.step_files_key].get(step, {}).values()
        }
        stored = {}
        for field, upload in (files or {}).items():
            entry = previous.get(getattr(upload, "wizard_tmp_name", None))
            if entry is None:
                entry = {
                    "tmp_name": self.file_storage.save(wizard_upload_name(), upload),
                    "name": file_name_sanitise(upload.name),
                    "content_type": upload.content_type,
                    "size": upload.size,
                    "charset": upload.charset,
                }
            stored[field] = entry
        kept = {entry["tmp_name"] for entry in stored.values()}
        self.discarded_files.extend(name for name in previous if name not in kept)
        self.data[self.step_files_key][step] = stored

    def update_response(self, response):
        """formtools' clean-up after the response (the files of a reset), and ours: the
        files this request opened are closed, those it replaced or dropped deleted."""

        def clean_up(response):
            for upload in self.opened_files.values():
                if not upload.closed:
                    upload.close()
            for name in self.discarded_files:
                self.file_storage.delete(name)

        if hasattr(response, "render"):
            response.add_post_render_callback(clean_up)
        else:
            clean_up(response)
        super().update_response(response)


def _empty_state(storage: BaseStorage) -> dict:
    """A wizard state with no step and no answers, as formtools' `init_data` makes it."""
    return {
        storage.step_key: None,
        storage.step_data_key: {},
        storage.step_files_key: {},
        storage.extra_data_key: {},
    }


class SchemaWizardView(NamedUrlWizardView):
    """formtools' wizard with a URL per step (`NamedUrlWizardView`): every step is
    reached by a redirect after its POST, so Back and reload show a page, not the
    browser's "resubmit the form?", with the answers kept. `as_view(url_name=...)`
    names the URL that takes the view's own kwargs plus `step`.
    """

    storage_name = "formbuilder.wizard.WizardSessionStorage"
    form_list = [("placeholder", _Placeholder)]
    template_name = "formbuilder/wizard/step.html"
    review_template_name = "formbuilder/wizard/review.html"

    @property
    def file_storage(self) -> Storage:
        """formtools' `file_storage`: private, never under MEDIA_ROOT (uploads.py)."""
        return wizard_uploads_storage()

    def get_schema(self) -> Schema:
        """The schema to serve. Override."""
        raise NotImplementedError

    def get_wizard_key(self) -> str:
        """What tells one form's wizard state from another's in the session. Override."""
        raise NotImplementedError

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.schema = None

    def dispatch(self, request, *args, **kwargs):
        response = self.prepare(request)
        if response is not None:
            return response
        # On the English site, the editor's English texts where there are any (translations.py).
        self.schema = schema_localize(self.get_schema(), get_language())
        self.steps_by_key = {step["key"]: step for step in self.schema["steps"]}
        self.form_list = OrderedDict(
            [(key, StepForm) for key in self.steps_by_key] + [(REVIEW_STEP, ReviewForm)]
        )
        self.condition_dict = {
            key: partial(SchemaWizardView._step_has_visible_fields, step_key=key)
            for key in self.steps_by_key
        }
        response = super().dispatch(request, *args, **kwargs)
        if isinstance(response, HttpResponseRedirect):
            # formtools tidies up (files closed, replaced ones deleted) in `render` only;
            # the named steps answer most requests with a redirect instead.
            self.storage.update_response(response)
        return response

    def prepare(self, request):
        """A hook before the wizard runs: return a response to stop it (e.g. a 404)."""
        return None

    def get_step_url(self, step):
        kwargs = {key: value for key, value in self.kwargs.items() if key != "step"}
        return reverse(self.url_name, kwargs={**kwargs, "step": step})

    def get(self, request, *args, **kwargs):
        """Every step at its own URL; the wizard's own URL resumes where the citizen was;
        `?restart` starts over. A new visitor gets the first step and no session until
        they send it."""
        step = kwargs.get("step")
        if "restart" in request.GET:
            self.storage.reset()
            return redirect(self.get_step_url(self.steps.first))
        if self.storage.is_new:
            self.storage.deferred = True
            if step != self.steps.first:
                return redirect(self.get_step_url(self.steps.first))
            return self.render(self.get_form(step=self.steps.first))
        current = self.storage.current_step
        if current not in self.get_form_list():
            current = self.steps.first
        if step is None or step not in self.get_form_list():
            return redirect(self.get_step_url(current))
        self.storage.current_step = step
        data = self.storage.get_step_data(step)
        if data is None:
            return self.render(self.get_form(step=step))
        return self.render(
            self.get_form(step=step, data=data, files=self.storage.get_step_files(step))
        )

    def render_done(self, form, **kwargs):
        """The review page's POST sends the request itself (`done` answers with its own
        redirect): no "done" URL a GET could send it from."""
        return WizardView.render_done(self, form, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        return wizard_prefix(self.get_wizard_key())

    def store_current_step(self) -> StepForm | None:
        """Keep what was posted on the current step without moving on (to save the
        application for later): a valid step as a normal POST stores it; an invalid one
        keeps what was typed (shown with its mistakes when the citizen comes back) and the
        files that passed their checks, and drops its answers from before. Returns the
        step's form (None on the review page, which has nothing to keep)."""
        management_form = ManagementForm(self.request.POST, prefix=self.prefix)
        if management_form.is_valid():
            posted_step = management_form.cleaned_data["current_step"]
            if posted_step in self.get_form_list():
                self.storage.current_step = posted_step
        step = self.steps.current
        if step not in self.steps_by_key:
            return None
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        if form.is_valid():
            self.storage.set_step_data(step, self.process_step(form))
            self.storage.set_step_files(step, self.process_step_files(form))
            return form
        self.storage.set_step_data(step, self.request.POST)
        self.keep_valid_uploads(form)
        stored = self._stored_answers()
        stored.pop(step, None)
        self.storage.extra_data = {**self.storage.extra_data, "answers": stored}
        return form

    # -- answers kept between steps --------------------------------------------------

    def _stored_answers(self) -> dict[str, dict[str, Any]]:
        return self.storage.extra_data.setdefault("answers", {})

    def answers_before(self, step_key: str) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        stored = self._stored_answers()
        for key in self.steps_by_key:
            if key == step_key:
                break
            answers.update(stored.get(key, {}))
        return answers

    def all_answers(self) -> dict[str, Any]:
        return self.answers_before(REVIEW_STEP)

    def _step_has_visible_fields(self, step_key: str) -> bool:
        """A step whose every question is hidden by earlier answers is skipped."""
        earlier = self.answers_before(step_key)
        return any(
            condition_evaluate(spec.get("condition"), earlier)
            for spec in self.steps_by_key[step_key]["fields"]
        )

    def get_schema_cache_key(self) -> str | None:
        """A key that names the schema for good (a published version), or None. Override."""
        return None

    def get_form_kwargs(self, step=None):
        if step in self.steps_by_key:
            return {
                "step": self.steps_by_key[step],
                "earlier": self.answers_before(step),
                "cache_key": self.get_schema_cache_key(),
                "known_specs": {
                    spec["key"]: spec for step in self.schema["steps"] for spec in step["fields"]
                },
            }
        return {"declared": schema_declaration(self.schema) is not None}

    # -- files kept between steps --------------------------------------------------

    @staticmethod
    def _regroup(files) -> MultiValueDict:
        """Stored step files ({"s2-deed::0": f, ...}) as the form expects them."""
        if files is None or isinstance(files, MultiValueDict):
            return files
        grouped = MultiValueDict()
        for name in sorted(files):
            grouped.appendlist(name.split(FILE_INDEX)[0], files[name])
        return grouped

    def get_form(self, step=None, data=None, files=None):
        if step is None:
            step = self.steps.current
        if files is not None and files is self.request.FILES and step in self.steps_by_key:
            # Posting a step again: files uploaded before count unless replaced or removed.
            merged = self._regroup(self.storage.get_step_files(step) or {})
            for name in files:
                merged.setlist(name, files.getlist(name))
            for name in self.request.POST.getlist(REMOVE_FILE):
                if name not in files:
                    merged.pop(name, None)
            files = merged
        else:
            files = self._regroup(files)
        form = super().get_form(step=step, data=data, files=files)
        if isinstance(form, StepForm):
            kept = self._regroup(self.storage.get_step_files(step) or {}) or MultiValueDict()
            form.kept_files = _kept_files(step, kept)
        return form

    def render(self, form=None, **kwargs):
        if self.request.method == "POST" and isinstance(form, StepForm) and form.errors:
            self.keep_valid_uploads(form)
        return super().render(form, **kwargs)

    def keep_valid_uploads(self, form: StepForm) -> None:
        """A step sent back for a mistake keeps the files that passed their checks, so
        the citizen does not choose them again (and a removal asked for stays done)."""
        step = self.steps.current
        grouped = self._regroup(self.storage.get_step_files(step) or {}) or MultiValueDict()
        changed = False
        for key in form.specs:
            name = form.add_prefix(key)
            if name in self.request.FILES and key in form.cleaned_data and key not in form.errors:
                grouped.setlist(name, self.request.FILES.getlist(name))
                changed = True
            elif name in self.request.POST.getlist(REMOVE_FILE) and name in grouped:
                grouped.pop(name)
                changed = True
        if not changed:
            return
        self.storage.set_step_files(step, self.process_step_files_of(grouped))
        form.kept_files = _kept_files(step, grouped)

    @staticmethod
    def process_step_files_of(grouped: MultiValueDict) -> dict[str, UploadedFile]:
        """{"s2-deed": [f, g]} as stored: {"s2-deed::0": f, "s2-deed::1": g}."""
        return {
            f"{name}{FILE_INDEX}{index}": upload
            for name in grouped
            for index, upload in enumerate(grouped.getlist(name))
        }

    def process_step_files(self, form):
        stored = self.process_step_files_of(form.files)
        if any(name in self.request.FILES for name in form.files):
            self.abandoned_uploads_cleanup()
        return stored

    def abandoned_uploads_cleanup(self) -> None:
        """New uploads pay for deleting abandoned ones: at most once an interval, the
        cleanup task starts from here (a worker runs it; without a broker it runs now).
        Beat also runs it; this makes the embedded default, which has no beat, clean too."""
        if not wizard_uploads_cleanup_due():
            return
        try:
            wizard_uploads_cleanup.delay()
        except Exception:  # a tidy-up must never cost the citizen their step
            logger.exception("Could not start the cleanup of abandoned wizard uploads")

    def process_step(self, form):
        if isinstance(form, StepForm):
            stored = self._stored_answers()
            stored[self.steps.current] = form.answers
            self.storage.extra_data = {**self.storage.extra_data, "answers": stored}
        return super().process_step(form)

    # -- pages ----------------------------------------------------------------------

    def get_template_names(self):
        if self.steps.current == REVIEW_STEP:
            return [self.review_template_name]
        return [self.template_name]

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        context["schema"] = self.schema
        if self.steps.current == REVIEW_STEP:
            context["review"] = self.review_rows()
        else:
            context["step"] = self.steps_by_key[self.steps.current]
            context["earlier_answers"] = self.answers_before(self.steps.current)
        return context

    def review_rows(self) -> list[dict[str, Any]]:
        """Each step's questions and answers as people read them, for the review page."""
        steps = [key for key in self.get_form_list() if key != REVIEW_STEP]
        return answers_display(self.schema, self.review_answers(), step_keys=steps)

    def review_answers(self) -> dict[str, Any]:
        """The answers the review page shows: all of them as given; override to mask
        those that need no checking."""
        return self.all_answers()

    def collect(self, form_list) -> tuple[dict[str, Any], dict[str, list]]:
        """Answers and uploads of the validated step forms `done()` receives."""
        answers: dict[str, Any] = {}
        uploads: dict[str, list] = {}
        for form in form_list:
            if isinstance(form, StepForm):
                answers.update(form.answers)
                uploads.update(form.uploads)
        return answers, uploads
