"""Read one image file into a column of RGB pixels, or say clearly why it cannot be used."""

import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from initbench.storage import InputError

SIZE_MISMATCH_ACTIONS = ("resize", "error")


class ImageError(InputError):
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


@contextmanager
def _codec_messages_kept_off_the_console() -> Iterator[None]:
    """Send what decoding libraries print to the process's stderr (libtiff's warnings about
    damaged files) nowhere: the file's problem, if any, is reported by its exception."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


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
        with warnings.catch_warnings(), _codec_messages_kept_off_the_console():
            # A damaged file's warnings ("Tag data larger than file") are noise: it is read
            # or refused as a whole. Only a decompression bomb's warning stops the reading.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                opened.load()
                image = _to_rgb(ImageOps.exif_transpose(opened))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageError(path, f"refused as a possible decompression bomb ({error})") from error
    except UnidentifiedImageError as error:
        raise ImageError(path, "not an image Pillow can read") from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageError(path, f"damaged or truncated image ({error})") from error
    except MemoryError:
        raise
    except Exception as error:  # a damaged file can make any decoder fail in its own way
        raise ImageError(
            path, f"damaged image that could not be decoded ({type(error).__name__}: {error})"
        ) from error
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
