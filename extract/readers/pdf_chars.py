"""pdfplumber pages whose characters are read faster, to the same dicts.

pdfplumber turns every pdfminer object into a dict through a generic path (a regex on the class
name, `resolve_all` on every attribute): for characters, nine in ten of a born-digital page's
objects, that costs as much as pdfminer's own reading of the page. `LeanPage` builds a character's
dict directly, key for key and value for value as pdfplumber does (tests/test_reader_pdf.py holds
the two equal on every sample PDF); every other object takes pdfplumber's own path.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTItem
from pdfplumber.page import ALL_ATTRS
from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

PLAIN = (float, int, str, bool, type(None))


@lru_cache(maxsize=256)
def colorspace_name(name: Any) -> Any:
    """`resolve_and_decode` of a colour space's name: a handful per document, asked once per character."""
    return resolve_and_decode(name)


def plain(value: Any) -> Any:
    """An attribute as `resolve_all` gives it, without its walk for the plain values characters hold."""
    if type(value) in PLAIN:
        return value
    if type(value) is tuple and all(type(v) in PLAIN for v in value):
        return value
    return resolve_all(value)


class LeanPage(PlumberPage):
    def process_object(self, obj: LTItem) -> dict[str, Any]:
        if type(obj) is not LTChar:
            return super().process_object(obj)
        attr: dict[str, Any] = {k: v if v.__class__ in PLAIN else plain(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
        attr["object_type"] = "char"
        attr["page_number"] = self.page_number
        attr["ncs"] = colorspace_name(obj.ncs.name)
        text = obj.get_text()
        attr["text"] = normalize_unicode(self.pdf.unicode_norm, text) if self.pdf.unicode_norm is not None else text
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):
            return super().process_object(obj)  # rare: pdfplumber's own repair
        mb_x0, mb_top = self.mediabox[:2]
        attr["top"] = (self.height - attr["y1"]) + mb_top
        attr["bottom"] = (self.height - attr["y0"]) + mb_top
        attr["doctop"] = self.initial_doctop + attr["top"]
        if mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr
