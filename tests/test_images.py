"""read_image: every file the data stage may meet becomes upright RGB uint8, or an ImageError."""

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from initbench.data.images import ImageError, read_image

RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)
# JPEG is lossy: solid colours come back within a few levels, edges less so.
JPEG_TOLERANCE = 12


def solid(color, size=16, mode="RGB") -> Image.Image:
    return Image.new(mode, (size, size), color)


def as_hwc(vector: np.ndarray, size: int) -> np.ndarray:
    return vector.reshape(size, size, 3)


def write_png16(path: Path, array: np.ndarray, color_type: int) -> None:
    """A 16-bit PNG written by hand (Pillow cannot write 16-bit colour PNGs)."""
    height, width = array.shape[:2]

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + array[row].astype(">u2").tobytes() for row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 16, color_type, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def quadrants(top_left, top_right, bottom_left, bottom_right, size=32) -> np.ndarray:
    half = size // 2
    array = np.empty((size, size, 3), dtype=np.uint8)
    array[:half, :half] = top_left
    array[:half, half:] = top_right
    array[half:, :half] = bottom_left
    array[half:, half:] = bottom_right
    return array


def assert_close(actual, expected, tolerance):
    actual = np.asarray(actual, dtype=np.int64)
    expected = np.asarray(expected, dtype=np.int64)
    assert np.abs(actual - expected).max() <= tolerance, (actual, expected)


# --- modes -------------------------------------------------------------------------------


def test_rgb_png_is_exact(tmp_path):
    rng = np.random.default_rng(0)
    array = rng.integers(0, 256, size=(8, 8, 3), dtype=np.uint8)
    path = tmp_path / "rgb.png"
    Image.fromarray(array).save(path)
    vector = read_image(path, 8)
    assert vector.dtype == np.uint8
    assert vector.shape == (8 * 8 * 3,)
    np.testing.assert_array_equal(vector, array.reshape(-1))


def test_rgb_jpeg(tmp_path):
    path = tmp_path / "rgb.jpg"
    solid((200, 100, 50)).save(path, quality=95)
    vector = read_image(path, 16)
    assert vector.dtype == np.uint8
    assert_close(as_hwc(vector, 16), np.broadcast_to((200, 100, 50), (16, 16, 3)), JPEG_TOLERANCE)


def test_grayscale_l_is_repeated_over_channels(tmp_path):
    grey = np.array([[0, 10], [128, 255]], dtype=np.uint8)
    path = tmp_path / "grey.png"
    Image.fromarray(grey).save(path)
    assert Image.open(path).mode == "L"
    np.testing.assert_array_equal(read_image(path, 2), np.repeat(grey.reshape(-1), 3))


def test_bilevel_mode_1(tmp_path):
    image = Image.new("1", (2, 2), 0)
    image.putpixel((1, 0), 1)
    path = tmp_path / "bits.png"
    image.save(path)
    assert Image.open(path).mode == "1"
    np.testing.assert_array_equal(
        as_hwc(read_image(path, 2), 2)[..., 0], np.array([[0, 255], [0, 0]])
    )


def test_grayscale_with_alpha_la_is_laid_over_white(tmp_path):
    image = Image.new("LA", (2, 2), (60, 255))  # opaque dark grey
    image.putpixel((1, 1), (60, 0))  # fully transparent
    path = tmp_path / "la.png"
    image.save(path)
    assert Image.open(path).mode == "LA"
    pixels = as_hwc(read_image(path, 2), 2)
    np.testing.assert_array_equal(pixels[0, 0], (60, 60, 60))
    np.testing.assert_array_equal(pixels[1, 1], (255, 255, 255))


def test_palette_p(tmp_path):
    image = Image.new("P", (2, 2))
    image.putpalette([*RED, *GREEN, *BLUE, *YELLOW])
    image.putdata([0, 1, 2, 3])
    path = tmp_path / "palette.png"
    image.save(path)
    assert Image.open(path).mode == "P"
    np.testing.assert_array_equal(
        as_hwc(read_image(path, 2), 2), np.array([[RED, GREEN], [BLUE, YELLOW]])
    )


def test_palette_with_transparent_index_is_laid_over_white(tmp_path):
    image = Image.new("P", (2, 2))
    image.putpalette([*RED, *GREEN, *BLUE, *YELLOW])
    image.putdata([0, 1, 2, 3])
    path = tmp_path / "palette.png"
    image.save(path, transparency=1)  # green is the transparent index
    pixels = as_hwc(read_image(path, 2), 2)
    np.testing.assert_array_equal(pixels, np.array([[RED, (255, 255, 255)], [BLUE, YELLOW]]))


def test_rgba_transparency_is_laid_over_white(tmp_path):
    image = Image.new("RGBA", (2, 2), (0, 0, 0, 0))  # transparent black
    image.putpixel((0, 0), (10, 20, 30, 255))  # opaque
    image.putpixel((1, 0), (0, 0, 0, 0))  # transparent, colour black underneath
    image.putpixel((0, 1), (255, 0, 0, 128))  # half-transparent red
    path = tmp_path / "rgba.png"
    image.save(path)
    pixels = as_hwc(read_image(path, 2), 2)
    np.testing.assert_array_equal(pixels[0, 0], (10, 20, 30))
    np.testing.assert_array_equal(pixels[0, 1], (255, 255, 255))
    np.testing.assert_array_equal(pixels[1, 1], (255, 255, 255))
    # Half red over white: red stays 255, green and blue about half-way.
    assert pixels[1, 0, 0] == 255
    assert_close(pixels[1, 0, 1:], (127, 127), 1)


@pytest.mark.parametrize(
    ("cmyk", "rgb"),
    [((0, 255, 255, 0), RED), ((255, 0, 255, 0), GREEN), ((0, 0, 0, 255), (0, 0, 0))],
)
def test_cmyk_jpeg(tmp_path, cmyk, rgb):
    path = tmp_path / "cmyk.jpg"
    solid(cmyk, mode="CMYK").save(path, quality=95)
    assert Image.open(path).mode == "CMYK"
    vector = read_image(path, 16)
    assert vector.shape == (16 * 16 * 3,)
    assert_close(as_hwc(vector, 16), np.broadcast_to(rgb, (16, 16, 3)), JPEG_TOLERANCE)


GREY16 = np.array([[0, 257], [32896, 65535]], dtype=np.uint16)
GREY16_AS_8 = np.array([0, 1, 128, 255], dtype=np.uint8)


@pytest.mark.parametrize(
    ("name", "dtype", "expected_mode"),
    [
        ("grey16.png", np.uint16, "I;16"),
        ("grey16.tif", ">u2", "I;16B"),
        ("grey32.tif", np.int32, "I"),
    ],
)
def test_wide_grayscale_is_scaled_not_clipped(tmp_path, name, dtype, expected_mode):
    path = tmp_path / name
    Image.fromarray(GREY16.astype(dtype)).save(path)
    assert Image.open(path).mode == expected_mode
    # 65535 -> 255 and 32896 -> 128 (scaled); clipping would give 255 for both.
    np.testing.assert_array_equal(read_image(path, 2), np.repeat(GREY16_AS_8, 3))


def test_16_bit_grayscale_png_written_by_hand(tmp_path):
    path = tmp_path / "grey16.png"
    write_png16(path, GREY16, color_type=0)
    np.testing.assert_array_equal(read_image(path, 2), np.repeat(GREY16_AS_8, 3))


def test_16_bit_rgb_png(tmp_path):
    array = np.array(
        [[[65535, 32896, 0], [257, 0, 65535]], [[0, 0, 0], [65535, 65535, 65535]]],
        dtype=np.uint16,
    )
    path = tmp_path / "rgb16.png"
    write_png16(path, array, color_type=2)
    np.testing.assert_array_equal(
        read_image(path, 2), [255, 128, 0, 1, 0, 255, 0, 0, 0, 255, 255, 255]
    )


def test_16_bit_rgba_png_is_laid_over_white(tmp_path):
    array = np.zeros((2, 2, 4), dtype=np.uint16)
    array[0, 0] = (65535, 0, 0, 65535)  # opaque red
    array[0, 1] = (0, 65535, 0, 0)  # transparent green
    path = tmp_path / "rgba16.png"
    write_png16(path, array, color_type=6)
    pixels = as_hwc(read_image(path, 2), 2)
    np.testing.assert_array_equal(pixels[0, 0], RED)
    np.testing.assert_array_equal(pixels[0, 1], (255, 255, 255))
    np.testing.assert_array_equal(pixels[1, 1], (255, 255, 255))


def test_png_named_jpg_reads_fine(tmp_path):
    array = np.arange(2 * 2 * 3, dtype=np.uint8).reshape(2, 2, 3) * 20
    path = tmp_path / "actually_png.jpg"
    Image.fromarray(array).save(path, format="PNG")
    np.testing.assert_array_equal(read_image(path, 2), array.reshape(-1))


def test_flattening_is_row_major_height_width_channel(tmp_path):
    # Every value distinct, so a transpose or channel-first order would not match.
    array = (np.arange(4 * 4 * 3) * 5).astype(np.uint8).reshape(4, 4, 3)
    path = tmp_path / "order.png"
    Image.fromarray(array).save(path)
    vector = read_image(path, 4)
    np.testing.assert_array_equal(vector, array.reshape(-1))
    assert vector[:6].tolist() == [0, 5, 10, 15, 20, 25]  # (0,0,RGB) then (0,1,RGB)


def test_accepts_str_paths(tmp_path):
    path = tmp_path / "s.png"
    solid(RED, size=2).save(path)
    np.testing.assert_array_equal(read_image(str(path), 2), np.tile(RED, 4))


# --- EXIF orientation --------------------------------------------------------------------

UPRIGHT = quadrants(RED, GREEN, BLUE, YELLOW)


@pytest.mark.parametrize(
    ("orientation", "stored"),
    [
        (2, UPRIGHT[:, ::-1]),  # mirrored left-right
        (3, np.rot90(UPRIGHT, 2)),  # upside down
        (6, np.rot90(UPRIGHT, 1)),  # camera turned: display rotates 90 degrees clockwise
        (8, np.rot90(UPRIGHT, -1)),  # display rotates 90 degrees counter-clockwise
    ],
)
def test_exif_orientation_is_applied(tmp_path, orientation, stored):
    path = tmp_path / f"oriented{orientation}.jpg"
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(np.ascontiguousarray(stored)).save(path, quality=95, exif=exif)
    pixels = as_hwc(read_image(path, 32), 32)
    for (row, col), colour in zip(
        [(8, 8), (8, 24), (24, 8), (24, 24)], [RED, GREEN, BLUE, YELLOW], strict=True
    ):
        patch = pixels[row - 4 : row + 4, col - 4 : col + 4].reshape(-1, 3).mean(axis=0)
        assert_close(np.rint(patch), colour, JPEG_TOLERANCE)


def test_exif_rotation_changes_the_size_checked(tmp_path):
    # Stored 32 wide x 16 high; orientation 6 makes it 16 wide x 32 high.
    path = tmp_path / "landscape.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (32, 16), RED).save(path, exif=exif)
    with pytest.raises(ImageError, match="is 16x32 pixels"):
        read_image(path, 32)


# --- size --------------------------------------------------------------------------------


def test_size_mismatch_error_names_file_and_both_sizes(tmp_path):
    path = tmp_path / "wide.png"
    Image.new("RGB", (40, 30), RED).save(path)
    with pytest.raises(ImageError) as caught:
        read_image(path, 32, on_size_mismatch="error")
    message = str(caught.value)
    assert str(path) in message
    assert "40x30" in message
    assert "32x32" in message
    assert caught.value.path == path
    assert isinstance(caught.value, ValueError)


def test_size_mismatch_is_an_error_by_default(tmp_path):
    path = tmp_path / "small.png"
    Image.new("RGB", (8, 8), RED).save(path)
    with pytest.raises(ImageError, match="8x8"):
        read_image(path, 16)


def test_resize_returns_requested_length(tmp_path):
    path = tmp_path / "wide.png"
    Image.new("RGB", (40, 30), (10, 200, 30)).save(path)
    vector = read_image(path, 16, on_size_mismatch="resize")
    assert vector.dtype == np.uint8
    assert vector.shape == (16 * 16 * 3,)
    np.testing.assert_array_equal(vector, np.tile((10, 200, 30), 16 * 16))


def test_unknown_size_mismatch_action_is_rejected(tmp_path):
    path = tmp_path / "a.png"
    solid(RED, size=4).save(path)
    with pytest.raises(ValueError, match="on_size_mismatch"):
        read_image(path, 4, on_size_mismatch="crop")


# --- unusable files ----------------------------------------------------------------------


def assert_image_error_names(path: Path, size: int = 16) -> ImageError:
    with pytest.raises(ImageError) as caught:
        read_image(path, size)
    assert str(path) in str(caught.value)
    assert caught.value.path == path
    return caught.value


def test_truncated_jpeg(tmp_path):
    rng = np.random.default_rng(1)
    noise = rng.integers(0, 256, size=(64, 64, 3), dtype=np.uint8)
    path = tmp_path / "truncated.jpg"
    Image.fromarray(noise).save(path, quality=95)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_image_error_names(path, size=64)


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    assert_image_error_names(path)


def test_text_file_named_jpg(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("this is not a picture of a cat\n")
    error = assert_image_error_names(path)
    assert "not an image" in str(error)


def test_missing_file(tmp_path):
    assert_image_error_names(tmp_path / "absent.jpg")


@pytest.mark.parametrize("side", [12, 40])  # 144 pixels warns, 1600 pixels errors in Pillow
def test_decompression_bomb_is_refused(tmp_path, monkeypatch, side):
    path = tmp_path / "bomb.png"
    Image.new("RGB", (side, side), RED).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    error = assert_image_error_names(path, size=side)
    assert "decompression bomb" in str(error)
