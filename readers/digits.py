"""A text-line recogniser for hand-written numbers and days (PP-OCRv4 recognition, ONNX, offline).

Tesseract reads print, not handwriting: on the hand-written gaps of our real scans it read no
number right at a safe setting (docs/OCR.md). The PP-OCRv4 recognition model reads a whole
line image with a CTC head and is trained on varied print and handwriting; it reads these
gaps well. Its weights ship inside the ``rapidocr-onnxruntime`` wheel (Apache-2.0), so
nothing is downloaded at run time. We use only its recognition model, on a crop we choose,
through ``onnxruntime``; RapidOCR's own detection pipeline (and its OpenCV code) is never
imported.

The session is created once per process, on first use (0.1 s), with one thread (the OCR
pool already keeps the cores busy). One crop costs 20–35 ms of CPU: the model always sees a
line at least 320 px wide (48 px high), as PaddleOCR pads it.
"""

from __future__ import annotations

import importlib.util
import math
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

# The recognisers, each a CTC line model that ships inside a wheel: name -> (import package, file).
# "v4" is PP-OCRv4 rec (rapidocr-onnxruntime 1.4.x); "v6" is PP-OCRv6 small rec (rapidocr >= 3.9,
# Apache-2.0), a different network trained on other data, with its own character list.
RECOGNISERS = {
    "v4": ("rapidocr_onnxruntime", "models/ch_PP-OCRv4_rec_infer.onnx"),
    "v6": ("rapidocr", "models/PP-OCRv6_rec_small.onnx"),
}
DEFAULT = "v4"
MODEL_PACKAGE, MODEL_FILE = RECOGNISERS[DEFAULT]
HEIGHT = 48  # the model's input height
MIN_WIDTH = 320  # PaddleOCR pads shorter lines to this width; so do we, for the same behaviour
DIGITS = "0123456789"

_lock = threading.Lock()
_models: dict[str, _Model] = {}
_failed: dict[str, str] = {}


@dataclass
class Char:
    """One decoded character: its text, the model's probability, and its x in the crop (0–1)."""

    text: str
    prob: float
    x: float


class _Model:
    def __init__(self, path: Path) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name
        characters = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        self.alphabet = ["", *characters, " "]  # CTC blank first, space last (PaddleOCR's layout)
        self.digit_ids = np.array([0, *(i for i, c in enumerate(self.alphabet) if c and c in DIGITS)])
        self.run_lock = threading.Lock()

    def probabilities(self, gray: Image.Image) -> tuple[np.ndarray, int]:
        """Per-timestep class probabilities (T × classes) and the width the line image took."""
        width = max(8, math.ceil(HEIGHT * gray.width / max(gray.height, 1)))
        resized = gray.convert("RGB").resize((width, HEIGHT), Image.BILINEAR)
        pixels = (np.asarray(resized, dtype=np.float32) / 255.0 - 0.5) / 0.5
        batch = np.zeros((1, 3, HEIGHT, max(width, MIN_WIDTH)), dtype=np.float32)
        batch[0, :, :, :width] = pixels.transpose(2, 0, 1)
        with self.run_lock:
            out = self.session.run(None, {self.input: batch})[0][0]
        return out, max(width, MIN_WIDTH)


def model_path(name: str = DEFAULT) -> Path | None:
    """The recognition model inside the installed wheel, found without importing the package."""
    package, file = RECOGNISERS[name]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / file
        if path.is_file():
            return path
    return None


def model(name: str = DEFAULT) -> _Model | None:
    """The process's recogniser ``name``, loaded on first use; None if the package or runtime is missing."""
    found = _models.get(name)
    if found is not None or name in _failed:
        return found
    with _lock:
        if name not in _models and name not in _failed:
            path = model_path(name)
            if path is None:
                _failed[name] = f"{RECOGNISERS[name][0]} is not installed"
            else:
                try:
                    _models[name] = _Model(path)
                except (ImportError, OSError, RuntimeError, KeyError, ValueError) as exc:
                    # onnxruntime missing or the model unreadable: no hints, no crash
                    _failed[name] = f"cannot load {path.name}: {exc}"
    return _models.get(name)


def unavailable_reason(name: str = DEFAULT) -> str | None:
    model(name)
    return _failed.get(name)


def _decode(probs: np.ndarray, alphabet: list[str], used_width: int, width: int) -> list[Char]:
    """Greedy CTC decoding with each character's best probability and centre (0–1 of ``width``)."""
    best = probs.argmax(axis=1)
    top = probs.max(axis=1)
    steps = len(best)
    out: list[Char] = []
    t = 0
    while t < steps:
        index = int(best[t])
        if index == 0:
            t += 1
            continue
        start = t
        while t < steps and best[t] == index:
            t += 1
        centre = (start + t) / 2 / steps * used_width / width
        out.append(Char(alphabet[index], float(top[start:t].max()), centre))
    return out


def read_line(gray: Image.Image, name: str = DEFAULT) -> list[Char]:
    """Everything the model reads in a one-line image (any character it knows)."""
    found = model(name)
    if found is None or gray.width < 2 or gray.height < 2:
        return []
    probs, used = found.probabilities(gray)
    width = max(8, math.ceil(HEIGHT * gray.width / max(gray.height, 1)))
    return _decode(probs, found.alphabet, used, width)


def read_digits(gray: Image.Image, name: str = DEFAULT) -> list[Char]:
    """What the model reads in a one-line image when only digits (or nothing) may be output."""
    found = model(name)
    if found is None or gray.width < 2 or gray.height < 2:
        return []
    probs, used = found.probabilities(gray)
    restricted = np.zeros_like(probs)
    restricted[:, found.digit_ids] = probs[:, found.digit_ids]
    width = max(8, math.ceil(HEIGHT * gray.width / max(gray.height, 1)))
    return _decode(restricted, found.alphabet, used, width)
