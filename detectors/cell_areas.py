"""Areas of marked cells on a coarse grid: where the fine pass looks in a photo
(fine_regions) and which parts of a video frame changed (video_detection)."""
from __future__ import annotations

import numpy as np

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 in cells, end exclusive


def grown(cells: np.ndarray, by: int) -> np.ndarray:
    """Each marked cell spread `by` cells each way, so marks that close make one area."""
    rows, cols = cells.shape
    padded = np.pad(cells, by)
    out = np.zeros_like(cells)
    for dr in range(2 * by + 1):
        for dc in range(2 * by + 1):
            out |= padded[dr:dr + rows, dc:dc + cols]
    return out


def areas(cells: np.ndarray) -> list[Rect]:
    """The bounding rectangle of each 4-connected group of marked cells."""
    seen = np.zeros_like(cells)
    rects = []
    rows, cols = cells.shape
    for start in zip(*np.nonzero(cells)):
        if seen[start]:
            continue
        seen[start] = True
        todo, (y0, x0), (y1, x1) = [start], start, start
        while todo:
            y, x = todo.pop()
            y0, x0, y1, x1 = min(y0, y), min(x0, x), max(y1, y), max(x1, x)
            for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                if 0 <= ny < rows and 0 <= nx < cols and cells[ny, nx] and not seen[ny, nx]:
                    seen[ny, nx] = True
                    todo.append((ny, nx))
        rects.append((int(x0), int(y0), int(x1) + 1, int(y1) + 1))
    return rects
