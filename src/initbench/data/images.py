"""Read one image file into a column of RGB pixels, or say clearly why it cannot be used."""

import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

SIZE_MISMATCH_ACTIONS = ("resize", "error")


class ImageError(ValueError):
    """An image file that cannot be used; the message names the file and the problem."""

    def __init__(self, path: str | os.PathLike, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


def _to_rgb(image: Image.Image) -> Image.Image:
    """Convert any Pillow mode to 8-bit RGB; transparency is laid over white."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        # Pillow clips wide integers to 255 instead of scaling them; 16-bit grey spans 0-65535.
        wide = np.asarray(image, dtype=np.float64)
        image = Image.fromarray(np.clip(np.rint(wide / 257.0), 0, 255).astype(np.uint8))
    elif image.mode == "F":
        image = Image.fromarray(
            np.clip(np.rint(np.asarray(image) * 255.0), 0, 255).astype(np.uint8)
        )
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("LA", "La", "PA", "RGBA", "RGBa"):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    return image.convert("RGB")


def read_image(path: str | os.PathLike, size: int, on_size_mismatch: str = "error") -> np.ndarray:
    """Return the image at ``path`` as a ``size * size * 3`` uint8 vector.

    The vector is the upright RGB image flattened row-major over (height, width, channel),
    as the post flattens it. ``on_size_mismatch`` is ``"resize"`` (Lanczos, to a square) or
    ``"error"``.
    """
    if on_size_mismatch not in SIZE_MISMATCH_ACTIONS:
        raise ValueError(
            f"on_size_mismatch must be one of {SIZE_MISMATCH_ACTIONS}, not {on_size_mismatch!r}"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                opened.load()
                image = ImageOps.exif_transpose(opened)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageError(path, f"refused as a possible decompression bomb ({error})") from error
    except UnidentifiedImageError as error:
        raise ImageError(path, "not an image Pillow can read") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageError(path, f"damaged or truncated image ({error})") from error
    image = _to_rgb(image)
    if image.size != (size, size):
        if on_size_mismatch == "error":
            width, height = image.size
            raise ImageError(
                path,
                f"is {width}x{height} pixels, expected {size}x{size} "
                "(set on_size_mismatch: resize to resize it)",
            )
        image = image.resize((size, size), Image.Resampling.LANCZOS)
    return np.asarray(image, dtype=np.uint8).reshape(-1)
