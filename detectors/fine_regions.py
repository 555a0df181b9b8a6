"""Where the fine pass must look: the parts of the photo where the coarse pass
already sees some face heat.

CenterFace's heatmap answers weakly where a face is too small for the coarse
pass to find: on crowd_dev every face the fine pass finds (down to 10 px, which
is a 40 px face of a 4000 px photo) has a coarse heat of at least 0.014 inside
its box, 0.043 from 20 px up. So the fine pass runs only on rectangles of its
enlarged copy around heat above 0.02 (face_boxes.CROWD), outside faces the
coarse pass already places well. On crowd_dev it finds the same faces as on the
whole copy (590 of 612 >= 20 px, 171 of 189 of 10-20 px: the 3 small faces
below 0.02 lie in a neighbour's rectangle); the 12 MP group photo of
bench/faces.py costs about half of the whole copy.
"""
from __future__ import annotations

import numpy as np

from detectors.cell_areas import areas, grown

BLOCK = 32  # the network's stride: regions are made of blocks of the fine copy this big

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 in fine-copy pixels


def heat_regions(heat: np.ndarray, coarse_size: tuple[int, int], fine_size: tuple[int, int],
                 placed: list[tuple[float, float, float, float]], threshold: float, margin: int) -> list[Rect]:
    """Rectangles of the fine copy (`fine_size`: width, height) holding every heat
    cell above `threshold` with `margin` pixels around it, except cells inside
    `placed` boxes (fine-copy pixels). `heat` is the coarse copy's heatmap
    (one cell per 4 coarse pixels; `coarse_size`: width, height)."""
    fine_w, fine_h = fine_size
    rows, cols = np.nonzero(heat > threshold)
    xs = (cols + 0.5) * 4 * fine_w / coarse_size[0]
    ys = (rows + 0.5) * 4 * fine_h / coarse_size[1]
    outside = np.ones(len(xs), dtype=bool)
    for x1, y1, x2, y2 in placed:
        outside &= ~((xs >= x1) & (xs <= x2) & (ys >= y1) & (ys <= y2))
    grid = np.zeros((fine_h // BLOCK, fine_w // BLOCK), dtype=bool)
    grid[np.minimum(ys[outside] // BLOCK, grid.shape[0] - 1).astype(int),
         np.minimum(xs[outside] // BLOCK, grid.shape[1] - 1).astype(int)] = True
    grid = grown(grid, -(-margin // BLOCK))
    # One rectangle per connected area: each face lies whole in its own area's rectangle.
    # Rectangles may overlap; the merge in face_boxes keeps one box per face.
    return [(x0 * BLOCK, y0 * BLOCK, x1 * BLOCK, y1 * BLOCK) for x0, y0, x1, y1 in areas(grid)]

