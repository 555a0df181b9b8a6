"""Pure analysis of images and text: no Flask, no database."""
import os

# onnxruntime >= 1.29 on Linux uploads a telemetry event to Microsoft and writes a device
# id (~/.cache/Microsoft/DeveloperTools) and a session file ($TMPDIR/.ses) unless told not
# to, before any model runs. Poortwachter is offline and writes nothing it does not need,
# so it is told here, before any detector imports onnxruntime (worker processes inherit it).
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
