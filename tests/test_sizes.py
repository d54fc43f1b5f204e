import pytest
from PIL import Image

from initbench.data.sizes import SizeMismatch, chosen_size, image_sizes
from initbench.storage import InputError


def test_sizes_are_read_upright_and_unreadable_files_left_out(tmp_path):
    Image.new("RGB", (64, 64)).save(tmp_path / "a.png")
    Image.new("RGB", (40, 30)).save(tmp_path / "b.png")
    turned = Image.new("RGB", (40, 30))
    exif = turned.getexif()
    exif[0x0112] = 6  # shown turned by a quarter: 30 wide, 40 high
    turned.save(tmp_path / "c.jpg", exif=exif)
    (tmp_path / "d.jpg").write_text("not an image")
    paths = [tmp_path / name for name in ("a.png", "b.png", "c.jpg", "d.jpg")]
    assert image_sizes(paths) == {
        (64, 64): [str(paths[0])],
        (40, 30): [str(paths[1])],
        (30, 40): [str(paths[2])],
    }


def files(count: int, prefix: str = "cat") -> list[str]:
    return [f"{prefix}.{index}.png" for index in range(count)]


def test_a_folder_of_one_square_size_is_read_at_that_size():
    assert chosen_size({(64, 64): files(209)}, None, "error") == 64
    assert chosen_size({(150, 150): files(100)}, None, "error") == 150
    # What the configuration says wins, when the images fit it or may be resized.
    assert chosen_size({(64, 64): files(209)}, 32, "resize") == 32
    assert chosen_size({}, None, "error") == 150


def test_mixed_sizes_are_one_message_naming_both_remedies():
    sizes = {(64, 64): files(137), (80, 80): files(72, "dog")}
    with pytest.raises(SizeMismatch) as raised:
        chosen_size(sizes, None, "error")
    assert str(raised.value) == (
        "209 of 209 images are not 150×150 pixels (137 at 64×64, 72 at 80×80): set "
        "on_size_mismatch: resize to resize them to image_size, or image_size: 64 with "
        "on_size_mismatch: resize to use their most common size. Of the less common sizes: "
        "dog.0.png (80×80), dog.1.png (80×80), dog.2.png (80×80), dog.3.png (80×80), "
        "dog.4.png (80×80) and 67 more"
    )
    assert raised.value.odd_files == [(file, 80, 80) for file in files(72, "dog")]
    assert chosen_size(sizes, None, "resize") == 150
    with pytest.raises(InputError, match=r"72 of 209 images are not 64×64 pixels .*: set "):
        chosen_size(sizes, 64, "error")


def test_images_of_one_size_other_than_the_configured_one_name_their_size():
    with pytest.raises(InputError) as raised:
        chosen_size({(64, 64): files(209)}, 150, "error")
    # One size: no less common one to name.
    assert str(raised.value).endswith("or image_size: 64 to use their most common size")
    assert raised.value.odd_files == []


def test_one_image_of_another_size_is_named_relative_to_the_folder(tmp_path):
    sizes = {(150, 150): [str(tmp_path / f"cat.{i}.jpg") for i in range(6)]}
    sizes[(320, 200)] = [str(tmp_path / "dog.7.jpg")]
    with pytest.raises(SizeMismatch) as raised:
        chosen_size(sizes, None, "error", root=tmp_path)
    assert str(raised.value) == (
        "1 of 7 images are not 150×150 pixels (6 at 150×150, 1 at 320×200): set "
        "on_size_mismatch: resize to resize them to image_size. Of the less common sizes: "
        "dog.7.jpg (320×200)"
    )
