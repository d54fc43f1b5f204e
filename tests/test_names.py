import re

import pytest

from initbench.data.names import NAME_PATTERN, dataset_name, safe_name


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("pets", "pets"),
        ("my photos (2024)", "my-photos-2024"),
        ("ünïcode", "unicode"),
        ("Cats & Dogs!", "Cats-Dogs"),
        ("..hidden", "hidden"),
        ("日本", "folder"),
    ],
)
def test_a_folder_name_is_made_safe(folder, name):
    assert safe_name(folder) == name
    assert re.fullmatch(NAME_PATTERN, name)


def test_built_in_sets_keep_their_names_and_folders_never_take_them():
    assert dataset_name("synthetic", None, None) == "synthetic"
    assert dataset_name("blog", None, None) == "blog"
    assert dataset_name("fashion_mnist", None, None) == "fashion_mnist"
    assert dataset_name("folder", "/data/mnist", None) == "folder-mnist"
    assert dataset_name("folder", "/data/my pets/", None) == "my-pets"
    assert dataset_name("folder", "/data/synthetic", None) == "folder-synthetic"
    assert dataset_name("folder", "/data/blog", None) == "folder-blog"
    assert dataset_name("folder", "/data/pets", "pets-2024") == "pets-2024"
