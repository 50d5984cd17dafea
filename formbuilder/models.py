"""Request forms editors build (`ServiceForm`) and the versions publishing freezes."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from .admin_forms import ServiceFormAdminForm
from .admin_locks import JalaliLockMixin
from .blocks import QuestionsBlock, StepsBlock, starting_steps
from .forms import StepForm
from .panels import ChecklistPanel
from .persian.text import normalize_text
from .schema import Schema, keys_assign, schema_build


def new_form_steps():
    """A new form's steps: one step with the required mobile question (blocks.starting_steps)."""
    return ServiceForm._meta.get_field("steps").stream_block.to_python(starting_steps())


class ServiceForm(
    JalaliLockMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """A service's request form: steps of questions, built without code.

    Editing saves drafts and revisions; publishing freezes the schema into a new
    `FormVersion`, which is what citizens fill in. Lockable sits before Revision on
    purpose: in the other order the lock fields are lost when a revision is restored.
    """

    title = models.CharField(
        _("title"), max_length=255, help_text=_("For editors, e.g. “Building permit request”.")
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the first step: what the citizen needs before starting."),
    )
    steps = StreamField(
        StepsBlock(),
        blank=True,
        default=new_form_steps,
        verbose_name=_("steps"),
        help_text=_("One page per step; each question may depend on earlier answers."),
    )
    next_steps = models.TextField(
        _("what happens next"),
        blank=True,
        help_text=_("Shown on the confirmation page after the tracking code."),
    )
    verify_mobile = models.BooleanField(
        _("the applicant verifies their mobile before sending"),
        default=True,
        help_text=_(
            "A code is sent by SMS to the applicant's mobile before the review page, and the "
            "form's mobile question is then filled with the verified number. The in-person "
            "desk skips it."
        ),
    )
    archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_(
            "An archived form is hidden from the form chooser; its requests and history "
            "stay readable."
        ),
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="service_form",
        for_concrete_model=False,
    )
    history = HistoricalRecords()

    base_form_class = ServiceFormAdminForm
    panels = [
        # Required on every save, autosave included: an empty new form is never stored
        # (Wagtail defers the other fields' checks for drafts).
        FieldPanel("title", required_on_save=True),
        ChecklistPanel(),
        FieldPanel("intro"),
        FieldPanel("steps"),
        FieldPanel("next_steps"),
        FieldPanel("verify_mobile"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("request form")
        verbose_name_plural = _("request forms")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title or str(_("Untitled form"))

    def clean(self):
        super().clean()
        self.title = normalize_text(self.title)
        keys_assign(self.steps)

    def draft_schema(self) -> Schema:
        """The schema of the form as it stands in the editor (not necessarily published)."""
        return schema_build(self.steps, version=0)

    @cached_property
    def live_version(self) -> "FormVersion | None":
        """The version citizens fill in: the latest one published."""
        if not self.live:
            return None
        return self.versions.order_by("-number").first()

    # Preview: the whole form as citizens will see it, on one page.
    def get_preview_template(self, request, mode_name):
        return "formbuilder/preview.html"

    def get_preview_context(self, request, mode_name):
        schema = self.draft_schema()
        context = super().get_preview_context(request, mode_name)
        context["schema"] = schema
        context["step_forms"] = [
            (step, StepForm(step=step, auto_id=f"id_{step['key']}_%s")) for step in schema["steps"]
        ]
        return context


class FormVersion(models.Model):
    """A published form's frozen schema. Submissions point here, never at the blocks."""

    # A form deleted goes with its versions; a version with requests protects itself
    # (`Submission.form_version`), so a form with requests cannot be deleted, only archived.
    form = models.ForeignKey(ServiceForm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    schema = models.JSONField(_("schema"))
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="form_version_number_unique")
        ]
        ordering = ["form", "-number"]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"


class ReadyStep(index.Indexed, models.Model):
    """A step of the library editors insert into a form in one click, then adapt:
    the applicant's identity, a company's identity, an address, a declaration.

    The editor copies its questions into the form (`formbuilder.designer`); the form
    keeps no link to it, so changing the library never changes a published form.
    """

    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("The step's title, and the button's words in the form editor."),
    )
    description = models.TextField(_("introduction"), blank=True)
    fields = StreamField(QuestionsBlock(), blank=True, verbose_name=_("questions"))

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("fields")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("ready step")
        verbose_name_plural = _("ready steps")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
