"""A form's changes as sentences a manager reads (issue 12, item 12): question added,
removed, moved, its text, type, rule or «required» changed, steps added, removed, renamed,
each naming questions by their labels, never by keys or block ids."""

from difflib import SequenceMatcher
from typing import Any

from django.utils.translation import gettext as _

from .fields import registry
from .schema import Schema


def _identity(field: dict[str, Any], position: int, step_number: int) -> str:
    # Keys are stable once made; a question still without one is known by its place.
    return field.get("key") or f"#{step_number}:{position}"


def _questions(schema: Schema) -> dict[str, tuple[int, int, dict]]:
    """Each question by its identity: (step number, position in the whole form, spec)."""
    found, position = {}, 0
    for step_number, step in enumerate(schema.get("steps") or [], start=1):
        for field in step.get("fields") or []:
            position += 1
            found[_identity(field, position, step_number)] = (step_number, position, field)
    return found


def _type_label(name: str) -> str:
    return str(registry.get(name).label) if name in registry else name


def _step_sentences(old: Schema, new: Schema) -> list[str]:
    sentences = []
    old_steps, new_steps = old.get("steps") or [], new.get("steps") or []
    for number in range(1, max(len(old_steps), len(new_steps)) + 1):
        before = old_steps[number - 1]["title"] if number <= len(old_steps) else None
        after = new_steps[number - 1]["title"] if number <= len(new_steps) else None
        if before is None:
            sentences.append(_("Step “%(title)s” was added.") % {"title": after})
        elif after is None:
            sentences.append(_("Step “%(title)s” was removed.") % {"title": before})
        elif before != after:
            sentences.append(
                _("Step “%(old)s” was renamed “%(new)s”.") % {"old": before, "new": after}
            )
    return sentences


def _changed(old: dict, new: dict) -> list[str]:
    label = new["label"]
    sentences = []
    if old["label"] != new["label"]:
        sentences.append(
            _("Question “%(old)s” now reads “%(new)s”.") % {"old": old["label"], "new": label}
        )
    if old["type"] != new["type"]:
        sentences.append(
            _("The answer type of “%(label)s” changed from %(old)s to %(new)s.")
            % {"label": label, "old": _type_label(old["type"]), "new": _type_label(new["type"])}
        )
    if bool(old.get("required")) != bool(new.get("required")):
        if new.get("required"):
            sentences.append(_("“%(label)s” became required.") % {"label": label})
        else:
            sentences.append(_("“%(label)s” became optional.") % {"label": label})
    if (old.get("condition") or None) != (new.get("condition") or None):
        sentences.append(_("The rule for showing “%(label)s” changed.") % {"label": label})
    if old.get("help_text", "") != new.get("help_text", ""):
        sentences.append(_("The hint of “%(label)s” changed.") % {"label": label})
    if old.get("choices") != new.get("choices") or old.get("validation") != new.get("validation"):
        sentences.append(_("The options of “%(label)s” changed.") % {"label": label})
    return sentences


def schema_changes(old: Schema | None, new: Schema) -> list[str]:
    """What changed from `old` to `new` (two schemas, e.g. of two saved versions), as
    Persian sentences in the form's order; [] when nothing a citizen sees changed."""
    old = old or {"steps": []}
    sentences = _step_sentences(old, new)
    before, after = _questions(old), _questions(new)
    new_steps = new.get("steps") or []
    # A question moved is one out of the longest run both orders share (a swap of two
    # moves one of them; questions shifted by an insertion do not move).
    kept = [key for key in after if key in before]
    old_order = sorted(kept, key=lambda key: before[key][1])
    matcher = SequenceMatcher(a=old_order, b=kept, autojunk=False)
    in_place = {
        key
        for block in matcher.get_matching_blocks()
        for key in kept[block.b : block.b + block.size]
    }
    for key, (step_number, _position, field) in after.items():
        if key not in before:
            sentences.append(
                _("Question “%(label)s” was added in step “%(step)s”.")
                % {"label": field["label"], "step": new_steps[step_number - 1]["title"]}
            )
            continue
        old_step, _old_position, old_field = before[key]
        if old_step != step_number:
            sentences.append(
                _("Question “%(label)s” was moved to step “%(step)s”.")
                % {"label": field["label"], "step": new_steps[step_number - 1]["title"]}
            )
        elif key not in in_place:
            sentences.append(_("Question “%(label)s” was moved.") % {"label": field["label"]})
        sentences += _changed(old_field, field)
    for key, (_step, _position, field) in before.items():
        if key not in after:
            sentences.append(_("Question “%(label)s” was removed.") % {"label": field["label"]})
    return sentences
