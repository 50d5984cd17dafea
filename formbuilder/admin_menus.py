"""The editor's main button: «انتشار» for the request form and its service page.

Wagtail makes «ذخیره پیش‌نویس» the main button of an editor and folds «انتشار» into the
menu beside it. Drafts are autosaved as the editor types, so what an editor of a form or
a service page presses at the end is publish: it becomes the main button (through the
documented `construct_*_action_menu` hooks, as Wagtail's own documentation shows), and
saving a draft moves into the menu. Someone who may not publish keeps Save as the main
button, because publish is not offered to them at all.
"""

PUBLISH_ACTION = "action-publish"


def publish_first(menu_items: list) -> None:
    """Move the publish item, if the menu has one, to the front: the menu's first item
    is the one Wagtail shows as the main button."""
    for index, item in enumerate(menu_items):
        if getattr(item, "name", None) == PUBLISH_ACTION:
            menu_items.insert(0, menu_items.pop(index))
            return
