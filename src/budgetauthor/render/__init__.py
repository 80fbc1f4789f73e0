"""Render stage: the derived budget into the Word template, then a deterministic .docx."""

from .engine import check_profile, render_bytes, render_to_file

__all__ = ["check_profile", "render_bytes", "render_to_file"]
