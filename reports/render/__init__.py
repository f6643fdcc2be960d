"""Renderers of the report model: HTML and PDF, Markdown, JSON, CSV, and the SVG charts."""
