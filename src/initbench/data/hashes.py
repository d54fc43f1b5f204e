"""SHA-256 fingerprints of image files, one by one and of a whole set."""

import hashlib
import os


def file_sha256(path: str | os.PathLike) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def data_hash(image_hashes: list[tuple[str, str]]) -> str:
    """SHA-256 over every image's (file, SHA-256), in matrix order."""
    digest = hashlib.sha256()
    for name, image_hash in image_hashes:
        digest.update(f"{name}\0{image_hash}\n".encode())
    return digest.hexdigest()


def folder_content(paths: list[str | os.PathLike], root: str | os.PathLike) -> str:
    """``data_hash`` of a folder's images, each named by its path under ``root``: renaming,
    adding, removing or editing an image changes it, and nothing else does."""
    return data_hash([(os.path.relpath(path, root), file_sha256(path)) for path in paths])
