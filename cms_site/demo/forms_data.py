"""The demo's request forms (`formbuilder.ServiceForm`), one per online service.

Each entry: `title` (how the seed finds the form again), `service_code` (the service
it is linked to), `intro`, `next_steps` and `steps` (the StreamField's raw value, built
with the helpers of `forms_blocks` and `forms_common`). The forms together use every
field type, several steps, conditions (on the same step and on earlier steps, "all" and
"any") and file uploads. Services not listed here are offered in person only and keep
no form.
"""

from .forms_business import BUSINESS_FORMS
from .forms_citizen import CITIZEN_FORMS
from .forms_urban import URBAN_FORMS

FORMS = [*URBAN_FORMS, *BUSINESS_FORMS, *CITIZEN_FORMS]
