"""Columns our admin lists share."""

from wagtail.admin.ui.tables import BooleanColumn


def boolean_column(model, name: str) -> BooleanColumn:
    """A yes/no field as a tick or a cross titled «بله»/«خیر» (a plain column shows
    «True»/«False»), headed by the field's own label."""
    return BooleanColumn(name, label=model._meta.get_field(name).verbose_name, sort_key=name)
