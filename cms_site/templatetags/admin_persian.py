"""Template filters of the admin's template overrides (cms_site/templates/wagtail*)."""

from django import template
from django.utils.translation import gettext, gettext_lazy

register = template.Library()

# Django names a model's permissions "Can add <verbose name>" in English, once, when it
# creates them; the group screen shows that name. These say it in the reader's language.
PERMISSION_ACTIONS = {
    "add": gettext_lazy("Can add %(name)s"),
    "change": gettext_lazy("Can change %(name)s"),
    "delete": gettext_lazy("Can delete %(name)s"),
    "view": gettext_lazy("Can view %(name)s"),
    # Wagtail's, for snippets with drafts or locks.
    "publish": gettext_lazy("Can publish %(name)s"),
    "lock": gettext_lazy("Can lock %(name)s"),
    "unlock": gettext_lazy("Can unlock %(name)s"),
}


@register.filter
def permission_label(permission) -> str:
    """A permission's name in the active language: through the catalogue («Publish any
    page»), else, for a model's add/change/delete/view (publish/lock/unlock) permission,
    from the model's own translated name."""
    translated = gettext(permission.name)
    if translated != permission.name:
        return translated
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in PERMISSION_ACTIONS and model is not None and model_name == model._meta.model_name:
        return PERMISSION_ACTIONS[action] % {"name": model._meta.verbose_name}
    return translated
