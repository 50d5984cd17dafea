from django.db import models
from django.utils.translation import gettext_lazy as _

SERVICE_CODE_MAX_LENGTH = 11


class ServiceType(models.TextChoices):
    G2C = "G2C", _("Government to citizen (G2C)")
    G2B = "G2B", _("Government to business (G2B)")
    G2G = "G2G", _("Government to government (G2G)")


class ServiceLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
