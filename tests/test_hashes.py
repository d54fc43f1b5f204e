import hashlib

from initbench.data.hashes import data_hash, file_sha256


def test_file_sha256_is_the_digest_of_the_bytes(tmp_path):
    (tmp_path / "f").write_bytes(b"initbench")
    assert file_sha256(tmp_path / "f") == hashlib.sha256(b"initbench").hexdigest()


def test_data_hash_sees_names_hashes_and_order():
    images = [("cat.1.jpg", "aa"), ("dog.1.jpg", "bb")]
    assert data_hash(images) == data_hash(list(images))
    assert data_hash(images) != data_hash(images[::-1])
    assert data_hash(images) != data_hash([("cat.1.jpg", "aa"), ("dog.1.jpg", "bc")])
