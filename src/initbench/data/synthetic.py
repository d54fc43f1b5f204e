"""A deterministic two-class image set that needs no network.

Class ``cat`` shows discs, class ``dog`` triangles, each over random colours and pixel noise;
a class-dependent colour tint (red up and blue down for cats, the reverse for dogs) is what
makes the set learnable by a small dense network, which shapes alone are not at this size.
Files are named Kaggle-style (``cat.0001.jpg``) so that every dataset shares one labelling.
"""

import os
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from initbench.storage import write_with

CLASSES = ("cat", "dog")
TINT = 30
NOISE_STD = 20.0
JPEG_QUALITY = 90


def synthetic_names(images_per_class: int) -> list[str]:
    """File names of the set, in the order they are drawn."""
    return [
        f"{name}.{index:04d}.jpg" for index in range(1, images_per_class + 1) for name in CLASSES
    ]


def draw_image(name: str, size: int, rng: np.random.RandomState) -> Image.Image:
    """One image of class ``name`` (``cat`` or ``dog``)."""
    background = tuple(int(v) for v in rng.randint(0, 256, size=3))
    foreground = tuple(int(v) for v in rng.randint(0, 256, size=3))
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    radius = size * rng.uniform(0.2, 0.35)
    cx, cy = size * rng.uniform(0.35, 0.65, size=2)
    if name == "cat":
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=foreground)
    else:
        angle = rng.uniform(0, 2 * np.pi)
        corners = [
            (
                cx + radius * np.cos(angle + k * 2 * np.pi / 3),
                cy + radius * np.sin(angle + k * 2 * np.pi / 3),
            )
            for k in range(3)
        ]
        draw.polygon(corners, fill=foreground)
    pixels = np.asarray(image, dtype=np.float64)
    pixels = pixels + rng.normal(0.0, NOISE_STD, size=pixels.shape)
    sign = 1.0 if name == "cat" else -1.0
    pixels[..., 0] += sign * TINT
    pixels[..., 2] -= sign * TINT
    return Image.fromarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8))


def draw_synthetic_set(
    folder: str | os.PathLike, images_per_class: int, size: int, seed: int
) -> list[Path]:
    """Draw the set into ``folder`` as JPEG files and return their paths."""
    rng = np.random.RandomState(seed)
    paths = []
    for name in synthetic_names(images_per_class):
        image = draw_image(name.partition(".")[0], size, rng)
        path = Path(folder) / name
        write_with(
            path,
            lambda temporary, image=image: image.save(
                temporary, format="JPEG", quality=JPEG_QUALITY
            ),
        )
        paths.append(path)
    return paths
