"""The service page editor's form."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from formbuilder.persian.filters import jalali


class ServicePageAdminForm(WagtailAdminPageForm):
    """Wagtail reports a taken slug only on the «ترویج» tab, which an editor filling the
    identity card never opens; typically an abandoned (autosaved) page of the same title
    holds it. The same problem is told under the title, naming that page, so it is seen
    where the editor is."""

    def clean(self):
        cleaned = super().clean()
        if "slug" not in self.errors or self.parent_page is None:
            return cleaned
        slug = self.data.get(self.add_prefix("slug"), "")
        holder = (
            Page.objects.child_of(self.parent_page)
            .filter(slug=slug)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if holder is None:
            return cleaned
        state = _("published") if holder.live else _("draft, never published")
        self.add_error(
            "title",
            _(
                "The web address “%(slug)s” is taken by the page “%(page)s” (%(state)s, last "
                "edited %(edited)s). Change this page's address in the “Promote” tab, or "
                "delete that page if it was left by mistake."
            )
            % {
                "slug": slug,
                "page": holder.title,
                "state": state,
                "edited": jalali(holder.latest_revision_created_at, "longtime") or "—",
            },
        )
        return cleaned
