"""Where the fine pass looks: around the coarse pass's face heat, outside faces it placed well."""
from __future__ import annotations

import numpy as np

from detectors.fine_regions import heat_regions

COARSE = (640, 480)  # coarse copy: heat 160 x 120 cells
FINE = (2048, 1536)  # fine copy: 3.2x the coarse one


def heat_at(*cells: tuple[int, int], value: float = 0.05) -> np.ndarray:
    heat = np.zeros((120, 160), dtype=np.float32)
    for row, col in cells:
        heat[row, col] = value
    return heat


def inside(rect, x: float, y: float, margin: float = 0) -> bool:
    return rect[0] <= x - margin and x + margin <= rect[2] and rect[1] <= y - margin and y + margin <= rect[3]


def test_no_heat_no_fine_pass():
    assert heat_regions(heat_at(), COARSE, FINE, [], 0.02, 64) == []
    assert heat_regions(heat_at((60, 80), value=0.01), COARSE, FINE, [], 0.02, 64) == []


def test_a_region_holds_the_heat_with_its_margin():
    (rect,) = heat_regions(heat_at((60, 80)), COARSE, FINE, [], 0.02, 64)
    centre = ((80 + 0.5) * 4 * 3.2, (60 + 0.5) * 4 * 3.2)
    assert inside(rect, *centre, margin=64)
    assert (rect[2] - rect[0]) * (rect[3] - rect[1]) < 0.05 * FINE[0] * FINE[1]
    assert all(v % 32 == 0 for v in rect)


def test_heat_inside_a_well_placed_face_needs_no_fine_pass():
    centre = ((80 + 0.5) * 4 * 3.2, (60 + 0.5) * 4 * 3.2)
    face = (centre[0] - 100, centre[1] - 100, centre[0] + 100, centre[1] + 100)
    assert heat_regions(heat_at((60, 80)), COARSE, FINE, [face], 0.02, 64) == []


def test_far_apart_heat_gives_separate_regions_near_the_border_too():
    rects = heat_regions(heat_at((2, 2), (110, 150)), COARSE, FINE, [], 0.02, 64)
    assert len(rects) == 2
    assert all(0 <= r[0] < r[2] <= FINE[0] and 0 <= r[1] < r[3] <= FINE[1] for r in rects)
