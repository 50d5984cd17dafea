"""The desk's statistics for managers and oversight reports (issue 6, item 3).

`periods` cuts a Jalali date range into months and half-years, `selectors` computes
the figures in the database (`visits` those of the in-person desk: bookings, no-shows,
waiting times; issue 17), `tables` shapes them into the tables the page and the
exports share, `charts` draws them as SVG, `export` writes CSV and XLSX, `views` and
`wagtail_hooks` wire the admin page and the dashboard panel (permission
`khedmat_statistics.view_statistics`).
"""
