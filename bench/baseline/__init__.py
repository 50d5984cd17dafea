"""Bench-only Django bits for bench/submit.py: the settings and URLs it serves, and the
two baselines our form flow is measured against (Wagtail's stock form builder and a
bare insert view). Never installed in the product.
"""
