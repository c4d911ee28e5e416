"""Attached images are decoded and written again (Pillow), never stored as the citizen sent them.

Re-encoding keeps only the pixels: EXIF (GPS position, camera serial), XMP, ICC profiles, text
chunks and anything appended after the image (a polyglot's ZIP or HTML payload) are gone. A
file that does not decode, or that would decode to more than ``MAX_PIXELS`` (a decompression
bomb), is refused. Pure: no Django.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

__all__ = ["FORMATS", "MAX_PIXELS", "NotAnImage", "reencode"]

# 40 megapixels: more than any phone camera or A4 scan at 600 dpi (35 Mpx).
MAX_PIXELS = 40_000_000
FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
JPEG_QUALITY = 90


class NotAnImage(ValueError):
    """The bytes are not a readable image of the claimed kind."""


def reencode(data: bytes, content_type: str) -> bytes:
    """The image decoded and encoded again in the same format, without metadata or trailing bytes."""
    fmt = FORMATS[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise NotAnImage("too many pixels")
                opened.load()
                # Turn the picture upright before the orientation tag is dropped with the EXIF.
                image = ImageOps.exif_transpose(opened)
    except NotAnImage:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError, Warning) as exc:
        raise NotAnImage(type(exc).__name__) from None
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None or fmt != "PNG" else {"transparency": transparency}
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("L", "RGB", "CMYK"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        image.save(out, "PNG")
    return out.getvalue()
