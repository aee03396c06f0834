"""Printed documents: Jinja templates (Markdown), print-ready HTML, and their helpers."""
