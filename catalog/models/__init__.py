"""The catalog's models: the pages citizens browse (`pages`), the agency's departments
(`departments`), and the agency itself with its calendar (`agency`: its settings and
holidays)."""

from .agency import AgencySettings, Holiday
from .departments import Department
from .pages import (
    HomePage,
    ServiceCategoryPage,
    ServiceIndexPage,
    ServicePage,
    ServicePageQuerySet,
)

__all__ = [
    "AgencySettings",
    "Department",
    "Holiday",
    "HomePage",
    "ServiceCategoryPage",
    "ServiceIndexPage",
    "ServicePage",
    "ServicePageQuerySet",
]
