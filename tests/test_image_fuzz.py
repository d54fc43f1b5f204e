"""Damaged files of every format and mode initbench reads: each is read, or refused as that
file's problem (an ImageError naming it), never a crash and never noise on the console.

Seeded and bounded: the same mutations every run, a few seconds in all.
"""

import io
import warnings

import numpy as np
import pytest
from PIL import Image

from initbench.data.images import ImageError, read_image

SIZE = 16
# (format, mode): every format Pillow writes that a folder may hold, in the modes it takes.
SOURCES = [
    ("JPEG", "RGB"),
    ("JPEG", "L"),
    ("JPEG", "CMYK"),
    ("PNG", "RGB"),
    ("PNG", "RGBA"),
    ("PNG", "LA"),
    ("PNG", "P"),
    ("PNG", "I;16"),
    ("PNG", "1"),
    ("TIFF", "RGB"),
    ("TIFF", "L"),
    ("TIFF", "I;16"),
    ("TIFF", "F"),
    ("TIFF", "CMYK"),
    ("TIFF", "1"),
    ("BMP", "RGB"),
    ("BMP", "P"),
    ("GIF", "P"),
    ("GIF", "L"),
    ("WEBP", "RGB"),
    ("WEBP", "RGBA"),
]
MUTATIONS_PER_SOURCE = 60


def encoded(image_format: str, mode: str) -> bytes:
    rng = np.random.RandomState(0)
    pixels = rng.randint(0, 256, size=(SIZE, SIZE, 3)).astype(np.uint8)
    image = Image.fromarray(pixels).convert(mode)
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def mutated(data: bytes, rng: np.random.RandomState) -> bytes:
    """One of: bytes flipped, the file cut short, a stretch zeroed, a stretch repeated."""
    data = bytearray(data)
    kind = rng.randint(4)
    if kind == 0:
        for index in rng.randint(0, len(data), size=rng.randint(1, 9)):
            data[index] = rng.randint(256)
    elif kind == 1:
        del data[rng.randint(1, len(data)) :]
    elif kind == 2:
        start = rng.randint(len(data))
        data[start : start + rng.randint(1, 64)] = bytes(min(64, len(data) - start))
    else:
        start = rng.randint(len(data))
        data[start:start] = data[start : start + rng.randint(1, 64)]
    return bytes(data)


@pytest.mark.parametrize(("image_format", "mode"), SOURCES, ids=lambda value: str(value))
def test_a_damaged_file_is_read_or_refused_by_name_and_quietly(image_format, mode, tmp_path, capfd):
    original = encoded(image_format, mode)
    rng = np.random.RandomState(len(original))
    path = tmp_path / f"cat.1.{image_format.lower()}"
    with warnings.catch_warnings(record=True) as escaped:
        warnings.simplefilter("always")
        for _ in range(MUTATIONS_PER_SOURCE):
            path.write_bytes(mutated(original, rng))
            try:
                pixels = read_image(path, SIZE, "resize")
            except ImageError as error:
                assert error.path == path and str(error).startswith(f"{path}: ")
            else:
                assert pixels.shape == (SIZE * SIZE * 3,) and pixels.dtype == np.uint8
    assert escaped == []
    console = capfd.readouterr()
    assert console.out == "" and console.err == ""


# Found by mutating at scale: damaged TIFF tags on which Pillow raised TypeError, which once
# stopped preprocessing with a traceback that named no file. (source, mutation number)
CRASHERS = [(("TIFF", "F"), 2105), (("TIFF", "CMYK"), 2112)]


@pytest.mark.parametrize(("source", "number"), CRASHERS, ids=lambda value: str(value))
def test_tiffs_that_made_pillow_raise_type_errors_are_that_files_problem(source, number, tmp_path):
    rng = np.random.RandomState(1)
    original = encoded(*source)
    for _ in range(number):
        mutated(original, rng)
    path = tmp_path / "cat.1.tif"
    path.write_bytes(mutated(original, rng))
    with pytest.raises(ImageError, match=r"could not be decoded \(TypeError: "):
        read_image(path, SIZE, "resize")


# Names ordinary on disk but special to Snakemake, the shell or a CSV, and a long one: a
# damaged file under any of them is still refused by its own name, and an intact one read.
ODD_NAMES = ["1 {copy}", "<v2>", "$HOME", "100%", "#3", "[4]", 'it\'s "q"', "a\nb", "x" * 200]


@pytest.mark.parametrize("odd", ODD_NAMES, ids=range(len(ODD_NAMES)))
def test_a_damaged_file_under_any_name_is_refused_by_that_name(odd, tmp_path):
    original = encoded("PNG", "RGB")
    path = tmp_path / f"cat.{odd}.png"
    path.write_bytes(original)
    assert read_image(path, SIZE, "error").shape == (SIZE * SIZE * 3,)
    rng = np.random.RandomState(5)
    refused = 0
    for _ in range(20):
        path.write_bytes(mutated(original, rng))
        try:
            read_image(path, SIZE, "resize")
        except ImageError as error:
            refused += 1
            assert error.path == path and str(error).startswith(f"{path}: ")
    assert refused > 0
