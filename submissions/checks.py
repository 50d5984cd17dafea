"""System checks of submissions (`manage.py check`, and every start)."""

from django.core.checks import Error, register

from formbuilder.registry import registry_check


@register()
def pipeline_steps_check(app_configs, **kwargs) -> list[Error]:
    """Every registered step can run: its prerequisites are registered, its limits sane."""
    from .pipeline.registry import pipeline, step_problems

    return registry_check(pipeline, check_id="submissions.E001", problems=step_problems)
