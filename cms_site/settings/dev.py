"""A developer's machine: `make run`.

DEBUG stays off, as a citizen would see the site: a mistyped link gets the project's
Persian 404 page and an error its 500 page. `DEBUG=1 make run` asks for Django's
technical pages. Static files are served by `runserver --insecure` (the Makefile) and
uploaded media by `SERVE_MEDIA` (cms_site/urls.py), whatever DEBUG says.
"""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = ["*"]
SERVE_MEDIA = True
