from wagtail.signals import published

from .models import ServiceForm
from .services import form_version_freeze


def freeze_published_form(sender, instance, revision=None, **kwargs):
    user = getattr(revision, "user", None) if revision is not None else None
    form_version_freeze(form=instance, revision=revision, user=user)


def register_signal_handlers():
    published.connect(freeze_published_form, sender=ServiceForm, dispatch_uid="formbuilder_freeze")
