from initbench.data.post_images import is_post_dataset, post_names, post_registry


def test_the_post_is_recognised_by_its_image_hashes_not_names():
    hashes = list(post_registry().values())
    assert is_post_dataset(hashes[::-1])
    assert not is_post_dataset(hashes[:-1])
    assert not is_post_dataset([*hashes[:-1], "0" * 64])


def test_the_posts_images_are_its_hundred_files_in_name_order():
    names = post_names()
    assert len(names) == 100 and names == sorted(names)
    assert sum(name.startswith("cat") for name in names) == 50
