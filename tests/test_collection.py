"""find_images, class_of, class_labels, check_classes: which files are images of which class,
and the label of each class."""

import os
from pathlib import Path

import pytest

from initbench.data.collection import (
    CollectionError,
    check_classes,
    class_labels,
    class_of,
    find_images,
    images_per_class,
    matches_class,
)
from initbench.data.images import ImageError


def touch(root: Path, *relative: str) -> list[Path]:
    """Create empty files (collection looks at names only, never at contents)."""
    paths = []
    for name in relative:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
        paths.append(path)
    return paths


def relative_names(paths: list[Path], root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in paths]


def label_images(paths: list[Path], root: Path, positive_class: str, classes=None):
    """``(path, class, label)`` per image of the classes used, as preprocessing labels them."""
    found = sorted({class_of(path, root) for path in paths})
    labels = class_labels(found, root, positive_class, classes)
    named = [(path, class_of(path, root)) for path in paths]
    return [(path, name, labels[name]) for path, name in named if name in labels]


# --- find_images -------------------------------------------------------------------------


def test_kaggle_layout_is_found_in_relative_path_order(tmp_path):
    touch(tmp_path, "dog.2.jpg", "cat.10.jpg", "cat.1.jpg", "dog.1.png")
    found = find_images(tmp_path)
    assert relative_names(found, tmp_path) == ["cat.1.jpg", "cat.10.jpg", "dog.1.png", "dog.2.jpg"]
    assert all(path.parent == tmp_path for path in found)


def test_subfolder_layout_is_ordered_by_relative_path_not_file_name(tmp_path):
    touch(tmp_path, "dogs/a.jpg", "cats/z.jpg", "cats/b.jpg", "dogs/c.jpeg")
    found = find_images(tmp_path)
    # Sorting by file name alone would put dogs/a.jpg first.
    assert relative_names(found, tmp_path) == [
        "cats/b.jpg",
        "cats/z.jpg",
        "dogs/a.jpg",
        "dogs/c.jpeg",
    ]


def test_image_suffixes_are_case_insensitive(tmp_path):
    touch(tmp_path, "cat.1.JPG", "dog.1.Png", "dog.2.TIFF")
    assert relative_names(find_images(tmp_path), tmp_path) == [
        "cat.1.JPG",
        "dog.1.Png",
        "dog.2.TIFF",
    ]


def test_hidden_and_system_files_are_ignored_at_top_level(tmp_path):
    touch(
        tmp_path,
        "cat.1.jpg",
        "dog.1.jpg",
        ".hidden.jpg",
        "._cat.1.jpg",  # macOS resource fork
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        "notes.txt",
        ".cache/cat.9.jpg",  # hidden folder: not a class, and no mixed-layout error
    )
    assert relative_names(find_images(tmp_path), tmp_path) == ["cat.1.jpg", "dog.1.jpg"]


def test_hidden_and_system_files_are_ignored_in_subfolders(tmp_path):
    touch(
        tmp_path,
        "cats/1.jpg",
        "cats/.DS_Store",
        "cats/Thumbs.db",
        "cats/.2.jpg",
        "dogs/1.jpg",
        "dogs/._1.jpg",
        "dogs/desktop.ini",
        ".thumbnails/cat.3.jpg",
        ".git/objects.png",
        ".DS_Store",
        "Thumbs.db",
    )
    assert relative_names(find_images(tmp_path), tmp_path) == ["cats/1.jpg", "dogs/1.jpg"]


def test_system_files_in_upper_case_are_ignored(tmp_path):
    touch(tmp_path, "cat.1.jpg", "dog.1.jpg", "THUMBS.DB", "Desktop.INI")
    assert len(find_images(tmp_path)) == 2


def test_names_with_spaces_and_non_ascii_letters(tmp_path):
    touch(tmp_path, "chiens/médor 2.jpg", "chats/été à la plage.jpg", "chats/Ünïcødé 1.png")
    found = find_images(tmp_path)
    assert relative_names(found, tmp_path) == [
        "chats/Ünïcødé 1.png",
        "chats/été à la plage.jpg",
        "chiens/médor 2.jpg",
    ]
    labelled = label_images(found, tmp_path, "chat")
    assert [(name, label) for _, name, label in labelled] == [
        ("chats", 1),
        ("chats", 1),
        ("chiens", 0),
    ]


def test_kaggle_names_with_spaces_and_non_ascii(tmp_path):
    found = touch(tmp_path, "chat.été 1.jpg", "chien.größe 2.jpg")
    assert [class_of(path, tmp_path) for path in found] == ["chat", "chien"]


def test_mixed_layout_raises_naming_the_folder(tmp_path):
    touch(tmp_path, "cat.1.jpg", "dogs/1.jpg")
    with pytest.raises(CollectionError, match="mixes") as caught:
        find_images(tmp_path)
    assert str(tmp_path) in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_empty_folder_raises_naming_the_folder(tmp_path):
    with pytest.raises(CollectionError, match="no images") as caught:
        find_images(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_folder_of_non_images_raises(tmp_path):
    touch(tmp_path, "README.md", ".DS_Store", "cats/notes.txt")
    with pytest.raises(CollectionError, match="no images") as caught:
        find_images(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_missing_folder_raises_naming_the_folder(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(CollectionError, match="does not exist") as caught:
        find_images(missing)
    assert str(missing) in str(caught.value)


def test_a_file_instead_of_a_folder_raises(tmp_path):
    (path,) = touch(tmp_path, "cat.1.jpg")
    with pytest.raises(CollectionError) as caught:
        find_images(path)
    assert str(path) in str(caught.value)


def test_accepts_str_root(tmp_path):
    touch(tmp_path, "cat.1.jpg", "dog.1.jpg")
    assert relative_names(find_images(str(tmp_path)), tmp_path) == ["cat.1.jpg", "dog.1.jpg"]


# --- class_of ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("cat.1.jpg", "cat"),
        ("dog.12500.jpeg", "dog"),
        ("Cat.7.png", "Cat"),
        ("cat.1.2.jpg", "cat"),
        ("cats/1.jpg", "cats"),
        ("dogs/cat.1.jpg", "dogs"),  # the folder wins over the name
        ("dogs/123.jpg", "dogs"),
    ],
)
def test_class_of(tmp_path, relative, expected):
    assert class_of(tmp_path / relative, tmp_path) == expected


@pytest.mark.parametrize("name", ["123.jpg", "cat.jpg", ".1.jpg", "cat"])
def test_name_without_class_raises_naming_the_file(tmp_path, name):
    path = tmp_path / name
    with pytest.raises(ImageError, match="gives no class") as caught:
        class_of(path, tmp_path)
    assert str(path) in str(caught.value)
    assert caught.value.path == path


# --- class_labels: two classes ----------------------------------------------------------


def test_kaggle_labels(tmp_path):
    touch(tmp_path, "cat.1.jpg", "dog.2.jpg", "cat.2.jpg", "dog.1.jpg")
    paths = find_images(tmp_path)
    labelled = label_images(paths, tmp_path, "cat")
    assert [(path.name, name, label) for path, name, label in labelled] == [
        ("cat.1.jpg", "cat", 1),
        ("cat.2.jpg", "cat", 1),
        ("dog.1.jpg", "dog", 0),
        ("dog.2.jpg", "dog", 0),
    ]
    assert [path for path, _, _ in labelled] == paths
    assert all(type(label) is int for _, _, label in labelled)


def test_positive_class_can_be_either_class(tmp_path):
    paths = touch(tmp_path, "cat.1.jpg", "dog.1.jpg")
    assert [label for _, _, label in label_images(paths, tmp_path, "dog")] == [0, 1]


def test_order_of_paths_is_kept(tmp_path):
    paths = touch(tmp_path, "dog.1.jpg", "cat.1.jpg", "dog.2.jpg")
    labelled = label_images(paths, tmp_path, "cat")
    assert [(path.name, label) for path, _, label in labelled] == [
        ("dog.1.jpg", 0),
        ("cat.1.jpg", 1),
        ("dog.2.jpg", 0),
    ]


@pytest.mark.parametrize("positive_class", ["cat", "cats", "Cat", "CATS"])
def test_plural_folder_names_match_the_positive_class(tmp_path, positive_class):
    touch(tmp_path, "Cats/1.jpg", "Dogs/1.jpg")
    labelled = label_images(find_images(tmp_path), tmp_path, positive_class)
    assert [(name, label) for _, name, label in labelled] == [("Cats", 1), ("Dogs", 0)]


def test_one_class_only_raises(tmp_path):
    touch(tmp_path, "cat.1.jpg", "cat.2.jpg")
    with pytest.raises(CollectionError, match="needs at least two classes, found 1: cat") as caught:
        label_images(find_images(tmp_path), tmp_path, "cat")
    assert str(tmp_path) in str(caught.value)


def test_absent_positive_class_raises_with_the_classes_found(tmp_path):
    touch(tmp_path, "cats/1.jpg", "dogs/1.jpg")
    with pytest.raises(CollectionError) as caught:
        label_images(find_images(tmp_path), tmp_path, "bird")
    message = str(caught.value)
    assert "'bird'" in message
    assert "cats, dogs" in message
    assert str(tmp_path) in message


def test_positive_class_matching_both_classes_raises_saying_so(tmp_path):
    # "cat" matches both the folder cat/ and the plural cats/: which one is positive is
    # ambiguous, and the message must not claim that the positive class matches none.
    touch(tmp_path, "cat/1.jpg", "cats/1.jpg")
    with pytest.raises(CollectionError) as caught:
        label_images(find_images(tmp_path), tmp_path, "cat")
    message = str(caught.value)
    assert "cat, cats" in message
    assert "matches none" not in message


# --- matches_class -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("class_name", "positive_class", "expected"),
    [
        ("cat", "cat", True),
        ("cats", "cat", True),
        ("Cats", "cat", True),
        ("CAT", "Cat", True),
        ("cat", "CAT", True),
        ("dog", "cat", False),
        ("dogs", "cat", False),
        ("catss", "cat", False),
        ("category", "cat", False),
        ("ca", "cat", False),
        ("scat", "cat", False),
        ("", "cat", False),
    ],
)
def test_matches_class(class_name, positive_class, expected):
    assert matches_class(class_name, positive_class) is expected


# --- class_labels: many classes, and classes: -------------------------------------------


def test_three_classes_are_numbered_in_sorted_order(tmp_path):
    touch(tmp_path, "dogs/1.jpg", "cats/1.jpg", "birds/1.jpg", "cats/2.jpg")
    labelled = label_images(find_images(tmp_path), tmp_path, "cat")
    assert [(path.relative_to(tmp_path).as_posix(), label) for path, _, label in labelled] == [
        ("birds/1.jpg", 0),
        ("cats/1.jpg", 1),
        ("cats/2.jpg", 1),
        ("dogs/1.jpg", 2),
    ]


def test_classes_list_sets_the_order_and_matches_plural_folders():
    found = ["birds", "cats", "dogs"]
    assert class_labels(found, "pets", "cat", ["dog", "bird", "cat"]) == {
        "dogs": 0,
        "birds": 1,
        "cats": 2,
    }


def test_classes_list_may_pick_a_subset(tmp_path):
    touch(tmp_path, "birds/1.jpg", "cats/1.jpg", "dogs/1.jpg", "fish/1.jpg")
    labelled = label_images(find_images(tmp_path), tmp_path, "dog", ["Dogs", "cat"])
    # Two classes picked: the positive one is 1, whatever the order of the list.
    assert [(name, label) for _, name, label in labelled] == [("cats", 0), ("dogs", 1)]
    assert class_labels(["birds", "cats", "dogs", "fish"], "p", "x", ["fish", "cat", "bird"]) == {
        "fish": 0,
        "cats": 1,
        "birds": 2,
    }


def test_positive_class_does_not_matter_beyond_two_classes():
    assert class_labels(["a", "b", "c"], "x", "nothing") == {"a": 0, "b": 1, "c": 2}


@pytest.mark.parametrize(
    ("classes", "message"),
    [
        (["cat", "bird"], "class 'bird' of classes: matches none of the classes found"),
        (["cat", "cats", "dog"], "classes: names class 'cats' twice"),
        (["cat"], "needs at least two classes, classes: names 1: cats"),
    ],
)
def test_a_classes_list_that_does_not_fit_raises_naming_the_class(classes, message):
    with pytest.raises(CollectionError, match=message) as caught:
        class_labels(["cats", "dogs"], "/data/pets", "cat", classes)
    assert str(caught.value).startswith("/data/pets: ")


def test_a_listed_class_matching_two_folders_raises():
    with pytest.raises(CollectionError, match="'cat' of classes: matches cat, cats"):
        class_labels(["cat", "cats", "dogs"], "/data/pets", "cat", ["cat", "dogs"])


def test_two_classes_picked_need_positive_class_to_name_one():
    with pytest.raises(CollectionError, match="positive_class 'cat' matches none") as caught:
        class_labels(["birds", "cats", "dogs"], "/data/pets", "cat", ["birds", "dogs"])
    assert "(birds, dogs)" in str(caught.value)


# --- check_classes: before any job runs --------------------------------------------------


def test_check_classes_gives_the_labels_preprocessing_gives(tmp_path):
    touch(tmp_path, "cats/1.jpg", "cats/2.jpg", "dogs/1.jpg", "dogs/2.jpg")
    assert check_classes(find_images(tmp_path), tmp_path, "dog") == {"cats": 0, "dogs": 1}
    touch(tmp_path, "birds/1.jpg", "birds/2.jpg")
    labels = check_classes(find_images(tmp_path), tmp_path, "dog")
    assert labels == {"birds": 0, "cats": 1, "dogs": 2}


def test_a_class_folder_without_images_is_refused_naming_it(tmp_path):
    touch(tmp_path, "cats/1.jpg", "cats/2.jpg", "dogs/1.jpg", "dogs/2.jpg", "birds/notes.txt")
    (tmp_path / "fish").mkdir()
    assert images_per_class(find_images(tmp_path), tmp_path) == {
        "birds": 0,
        "cats": 2,
        "dogs": 2,
        "fish": 0,
    }
    with pytest.raises(CollectionError, match="class 'birds' has no usable images") as caught:
        check_classes(find_images(tmp_path), tmp_path, "cat")
    assert str(caught.value).startswith(f"{tmp_path}: ")
    # Left out by classes:, an empty folder is no matter.
    labels = check_classes(find_images(tmp_path), tmp_path, "cat", ["cat", "dog"])
    assert labels == {"cats": 1, "dogs": 0}


def test_a_class_of_one_image_is_refused_saying_why(tmp_path):
    touch(tmp_path, "cat.1.jpg", "cat.2.jpg", "dog.1.jpg", "bird.1.jpg", "bird.2.jpg")
    with pytest.raises(CollectionError, match="class 'dog' has a single image") as caught:
        check_classes(find_images(tmp_path), tmp_path, "cat")
    message = str(caught.value)
    assert str(tmp_path) in message and "both trained on and held out" in message


def test_check_classes_ignores_files_whose_name_gives_no_class(tmp_path):
    touch(tmp_path, "cat.1.jpg", "cat.2.jpg", "dog.1.jpg", "dog.2.jpg", "123.jpg", "x.jpg")
    assert check_classes(find_images(tmp_path), tmp_path, "cat") == {"cat": 1, "dog": 0}


def test_a_single_class_is_refused_before_any_job(tmp_path):
    touch(tmp_path, "cats/1.jpg", "cats/2.jpg")
    with pytest.raises(CollectionError, match="at least two classes, found 1: cats"):
        check_classes(find_images(tmp_path), tmp_path, "cat")


def test_names_that_are_not_utf8_are_refused_every_one_named(tmp_path):
    root = tmp_path
    (root / "cat.1.jpg").write_bytes(b"")
    for raw in (b"cat.\xff.jpg", b"dog.\xfe\xfe.jpg"):
        (root / os.fsdecode(raw)).write_bytes(b"")
    with pytest.raises(CollectionError) as error:
        find_images(root)
    assert str(error.value) == (
        f"{root}: 2 image file names are not valid UTF-8, so no table can name them: "
        "b'cat.\\xff.jpg', b'dog.\\xfe\\xfe.jpg'; rename them"
    )


def test_folder_images_are_listed_again_and_checked_against_the_digest(tmp_path):
    from initbench.data.hashes import folder_content
    from initbench.data.preprocess import folder_images
    from initbench.storage import InputError

    paths = touch(tmp_path, "cat.1 {copy}.jpg", "dog.<2>.jpg")
    digest = folder_content(paths, tmp_path)
    assert folder_images(tmp_path, digest) == sorted(paths)
    paths[0].rename(tmp_path / "cat.1.jpg")
    with pytest.raises(InputError, match="renamed or edited after the workflow read"):
        folder_images(tmp_path, digest)
