"""Render stage: the derived budget into the Word template, then a deterministic .docx."""

from .engine import render_bytes, render_to_file

__all__ = ["render_bytes", "render_to_file"]
