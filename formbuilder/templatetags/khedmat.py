"""`{% load khedmat %}` in any app's templates: the language toolkit's filters.

The code lives in `formbuilder/persian/filters.py`; this module is where Django's
template engines (the project's, and the form renderer's own) look for libraries.
"""

from formbuilder.persian.filters import register

__all__ = ["register"]
