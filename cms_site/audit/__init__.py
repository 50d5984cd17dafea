"""The audit trail: who changed what and when, across every model kept by simple-history.

`selectors` builds the timeline in the database, `diff` turns two historical rows into
field-by-field changes, `export` writes the filtered trail to CSV or XLSX, `views` is the
read-only admin page (`/admin/audit/`, permission `khedmat_audit.view_audit`).
"""
