"""Checked schema -> generated package: plan (view models), render (Jinja2), format (black), emit."""
