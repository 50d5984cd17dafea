"""The staff cartable (کارتابل) in the Wagtail admin: inbox, request page, files, actions.

Wired in `submissions/wagtail_hooks.py` under `/admin/cartable/`.
"""
