"""Typst with the vendored Noto fonts, shared by every PDF the platform makes (the casework data export, the
Lagebild report): the fonts live once in `core/fonts/` (OFL, see `OFL.txt`) and system fonts are ignored, so a
fresh machine renders German, Cyrillic and Arabic the same as this one."""

from pathlib import Path
from typing import Literal

import typst

FONTS = Path(__file__).resolve().parent / "fonts"
FONT_FAMILIES = ("Noto Sans", "Noto Sans Arabic")


def typst_compile(
    source: str | bytes, *, output_format: Literal["pdf", "png", "svg"] = "pdf", ppi: float = 144
) -> bytes | list[bytes]:
    """Compile Typst source with the vendored fonts only. PDF gives bytes; PNG and SVG give one item per page."""
    if isinstance(source, str):
        source = source.encode("utf-8")
    if output_format == "pdf":
        return typst.compile(source, font_paths=[str(FONTS)], ignore_system_fonts=True)
    pages = typst.compile(source, font_paths=[str(FONTS)], ignore_system_fonts=True, format=output_format, ppi=ppi)
    return pages if isinstance(pages, list) else [pages]


def typst_string(value: object) -> str:
    """A Typst string literal: the text is shown as it is, no markup in it can take effect."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'
