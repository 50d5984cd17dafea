"""Forms that replace Wagtail admin defaults (wired up in settings)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class PersianLoginForm(LoginForm):
    """Wagtail's login form with a translatable password label.

    Wagtail's LoginForm redeclares ``password`` without a label, so Django
    falls back to ``pretty_name("password")``: the literal English
    "Password", which no translation catalogue can reach. Give the field
    Django's own translatable label back (msgid "Password"; Wagtail's
    Persian catalogue, which takes precedence over Django's, has «رمزعبور»,
    matching the field's placeholder).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
