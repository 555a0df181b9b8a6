"""The gate's face rule with two models: consented only when dlib and SFace agree,
blocked when either puts the face near someone without consent, and templates of
different models never compared."""
from __future__ import annotations

import numpy as np
import pytest

from detectors.faces import Face
from detectors.template_models import DLIB, IN_USE, SFACE
from server.gate import matching
from server.gate.gate import Gate
from server.gate.policy import load_face_severities
from server.registry import Gallery
from tests.conftest import KNN, TODAY


def unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def two_people() -> tuple[Gallery, dict[str, dict[str, np.ndarray]]]:
    """Person A and B, one template each per model, far apart in both spaces."""
    rng = np.random.default_rng(7)
    templates = {p: {DLIB: rng.normal(0, 0.06, 128).astype(np.float32), SFACE: unit(rng.normal(size=128))}
                 for p in ("A", "B")}
    gallery = Gallery({m: (["A", "B"], np.array([templates["A"][m], templates["B"][m]])) for m in IN_USE})
    return gallery, templates


def test_a_face_is_a_person_only_when_both_models_agree():
    gallery, people = two_people()
    assert matching.judge(people["A"], gallery).match.person_id == "A"
    # dlib alone is sure, SFace has no template of this face: nobody.
    assert matching.judge({DLIB: people["A"][DLIB]}, gallery).match is None
    # The models name different people: nobody, and both are look-alikes.
    mixed = matching.judge({DLIB: people["A"][DLIB], SFACE: people["B"][SFACE]}, gallery)
    assert mixed.match is None and {c.person_id for c in mixed.look_alikes} == {"A", "B"}


def test_templates_of_another_model_are_never_compared():
    gallery, people = two_people()
    # B's only templates are dlib's: SFace cannot place B, so a face of B is not B.
    dlib_only = Gallery({DLIB: gallery.of(DLIB), SFACE: (["A"], gallery.of(SFACE)[1][:1])})
    judged = matching.judge(people["B"], dlib_only)
    assert judged.match is None
    assert [c.person_id for c in judged.look_alikes] == ["B"]  # dlib still says it could be B


def test_a_look_alike_by_one_model_is_reported_even_when_both_agree_on_someone_else():
    gallery, people = two_people()
    a, b = people["A"][DLIB], people["B"][DLIB]
    apart = float(np.linalg.norm(a - b))
    # dlib: nearer A by 0.03 (enough to accept at margin 0.01, within the 0.05 of a look-alike).
    between = a + (b - a) * (1 - 0.03 / apart) / 2
    judged = matching.judge({DLIB: between, SFACE: people["A"][SFACE]}, gallery)
    assert judged.match is not None and judged.match.person_id == "A"
    assert "B" in {c.person_id for c in judged.look_alikes}


@pytest.fixture
def gate(data_dir, faces) -> Gate:
    return Gate(data_dir, faces)


def test_near_a_child_without_consent_by_dlib_blocks_although_both_models_say_a_consented_child(gate, registry):
    """Sanne (L1001, consent) and Daan (L1002, social media 'nee') from the demo school."""
    gallery = registry.gallery()
    ids, matrix = gallery.of(DLIB)
    sanne, daan = matrix[ids.index("L1001")], matrix[ids.index("L1002")]
    apart = float(np.linalg.norm(sanne - daan))
    between = sanne + (daan - sanne) * (1 - 0.03 / apart) / 2
    ranked = matching.rank(between, ids, matrix, matching.RULES[DLIB])
    assert [c.person_id for c in ranked[:2]] == ["L1001", "L1002"]
    assert 0.01 <= ranked[1].distance - ranked[0].distance < 0.05 and ranked[1].distance <= 0.60
    sface_ids, sface_matrix = gallery.of(SFACE)
    face = Face(box=(0, 0, 100, 100), score=0.9, recognisable=True,
                templates={DLIB: between, SFACE: sface_matrix[sface_ids.index("L1001")]})
    judged = matching.judge(face.templates, gallery)
    assert judged.match.person_id == "L1001"
    finding = gate._judge_face(face, judged, 0, registry, "social_media", TODAY, load_face_severities(gate.data_dir))
    assert (finding["person"]["id"], finding["status"], finding["severity"]) == ("L1002", "no_consent", "block")
    assert finding["message"].startswith("Lijkt op een persoon zonder geldige toestemming.")


def test_every_recognisable_face_gets_a_template_of_each_model(faces):
    from detectors.images import decode_image

    found = faces.analyze(decode_image((KNN / "test/obama_and_biden.jpg").read_bytes()).pixels)
    recognisable = [f for f in found if f.recognisable]
    assert len(recognisable) >= 2
    for face in recognisable:
        assert set(face.templates) == set(IN_USE)
        assert face.templates[DLIB].shape == face.templates[SFACE].shape == (128,)
        assert abs(float(np.linalg.norm(face.templates[SFACE])) - 1) < 1e-4


def test_dlib_is_asked_only_about_faces_sface_places_near_someone():
    gallery, people = two_people()
    assert matching.dlib_needed(people["A"][SFACE], gallery)
    # Opposite of A and B in SFace's space: farther than SFace's look-alike distance from both.
    stranger = unit(-(people["A"][SFACE] + people["B"][SFACE]))
    assert not matching.dlib_needed(stranger, gallery)
    # Without dlib's template the face is nobody: unknown (a warning), never an accept.
    assert matching.judge({SFACE: stranger}, gallery).match is None


def test_the_gate_computes_dlib_templates_where_sface_places_a_face_near_someone(gate, registry):
    from detectors.images import decode_image

    gallery = registry.gallery()
    found = gate._faces_with_templates(decode_image((KNN / "test/obama_and_biden.jpg").read_bytes()).pixels, gallery)
    recognisable = [f for f in found if f.recognisable]
    assert len(recognisable) >= 2
    for face in recognisable:
        assert SFACE in face.templates
        assert (DLIB in face.templates) == matching.dlib_needed(face.templates[SFACE], gallery)
    # Sanne (L1001) and Daan (L1002) are enrolled: both models judge them.
    named = {matching.judge(f.templates, gallery).match.person_id for f in recognisable
             if matching.judge(f.templates, gallery).match}
    assert named == {"L1001", "L1002"}
