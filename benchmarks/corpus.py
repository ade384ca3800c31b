"""The benchmark corpus: born-digital PDF, DOCX and scanned PDF letters, in any number.

1. **Distinct letters.** ``samples/generate.py`` renders every letter spec to DOCX (python-docx)
   and, in one LibreOffice run, to PDF. We import the generator and call its own functions
   (``prepare``, ``convert_to_pdf``, ``normalise_pdf``) with a private output folder, so
   ``samples/letters`` and ``samples/gold`` are never touched. The result is cached under
   ``<work>/distinct/`` keyed by a hash of the generator and its specs. Without LibreOffice
   (or with ``--reuse-samples``) the checked-in ``samples/letters`` are used: they are the
   generator's deterministic output.
2. **Copies.** Letter *i* of a corpus of N is distinct letter ``i mod 39`` with a small
   byte-level change, so every file has its own SHA-256 (the register deduplicates by
   content hash, identical copies would be skipped) while the text stays identical:
   DOCX: ``dc:identifier`` in ``docProps/core.xml``; PDF: the trailer ``/ID``, rewritten
   in place at the same length (no offset moves, the file stays valid), or an appended
   comment when the PDF has no ``/ID``.
3. **Scans.** Pages of the generated PDFs rasterised with pypdfium2 (default 200 dpi, a
   common office-scanner setting), on a slightly grey paper tone, with a red seal over the
   signature, a skew of up to ±1.5°, Gaussian noise and specks, saved as image-only PDFs
   (JPEG inside) with Pillow. Each scan gets its own seed, so every one is distinct.

Everything is deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import math
import random
import re
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
GENERATOR = SAMPLES / "generate.py"
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

KINDS = ("pdf", "docx", "scan")


@dataclass
class Distinct:
    """The distinct letters a corpus is copied from."""

    folder: Path
    stems: list[str]
    source: str  # "generator" or "samples/letters"
    seconds: float  # time to render them (0 when cached)

    def path(self, stem: str, suffix: str) -> Path:
        return self.folder / f"{stem}.{suffix}"


# ------------------------------------------------------------------------------ distinct letters
def _generator_key() -> str:
    digest = hashlib.sha256(GENERATOR.read_bytes())
    for spec in sorted((SAMPLES / "specs").glob("*.py")):
        digest.update(spec.name.encode())
        digest.update(spec.read_bytes())
    return digest.hexdigest()[:16]


def _load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("congvan_bench_samples_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def distinct_letters(work: Path, reuse_samples: bool = False, log=print) -> Distinct:  # type: ignore[no-untyped-def]
    """The distinct DOCX + PDF letters, rendered by the samples generator (cached)."""
    if reuse_samples or shutil.which("soffice") is None:
        folder = SAMPLES / "letters"
        stems = sorted(p.stem for p in folder.glob("*.pdf") if (folder / f"{p.stem}.docx").exists())
        if not reuse_samples:
            log("  LibreOffice not found: using the checked-in samples/letters (the generator's output)")
        return Distinct(folder, stems, "samples/letters", 0.0)
    key = _generator_key()
    folder = work / "distinct" / key
    done = folder / ".complete"
    if done.exists():
        stems = done.read_text().split()
        return Distinct(folder, stems, "generator (cached)", 0.0)
    started = time.perf_counter()
    gen = _load_generator()
    folder.mkdir(parents=True, exist_ok=True)
    prepared = [gen.prepare(letter) for letter in gen.LETTERS]
    with tempfile.TemporaryDirectory(prefix="congvan-bench-lo-") as tmp:
        pdf_paths = gen.render_pdfs(prepared, Path(tmp))
        for p in prepared:
            stem = p.letter.stem
            (folder / f"{stem}.docx").write_bytes(p.docx)
            (folder / f"{stem}.pdf").write_bytes(pdf_paths[stem].read_bytes())
    stems = sorted(p.letter.stem for p in prepared)
    done.write_text("\n".join(stems) + "\n")
    return Distinct(folder, stems, "generator", time.perf_counter() - started)


# ------------------------------------------------------------------------------ byte-level variants
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CORE_IDENTIFIER = re.compile(rb"<dc:identifier>.*?</dc:identifier>", re.DOTALL)


def vary_pdf(data: bytes, tag: str) -> bytes:
    """The same PDF with its own /ID (same length, in place); a trailing comment if it has none."""
    digest = hashlib.sha256(tag.encode()).hexdigest().upper().encode()
    match = None
    for match in _PDF_ID.finditer(data):
        pass  # the last /ID is the one of the newest trailer
    if match is None:
        return data + b"\n%congvan-bench " + tag.encode() + b"\n"
    a0, a1 = match.span(1)
    b0, b1 = match.span(2)
    return (data[:a0] + (digest * 4)[: a1 - a0] + data[a1:b0] + (digest[::-1] * 4)[: b1 - b0] + data[b1:])


def vary_docx(data: bytes, tag: str) -> bytes:
    """The same DOCX with ``dc:identifier`` = tag in its core properties (the text is unchanged)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    marker = f"<dc:identifier>{tag}</dc:identifier>".encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                if _CORE_IDENTIFIER.search(body):
                    body = _CORE_IDENTIFIER.sub(marker, body, count=1)
                else:
                    body = body.replace(b"</cp:coreProperties>", marker + b"</cp:coreProperties>", 1)
            dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()


# ------------------------------------------------------------------------------ scans
def _seal(diameter: int, rng: random.Random):  # type: ignore[no-untyped-def]
    """A round red seal (RGBA): two rings, a star, text around the ring."""
    from PIL import Image, ImageDraw, ImageFont

    size = diameter + 8
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (200 + rng.randint(-20, 20), 25, 35, 215)
    c = size / 2
    r = diameter / 2
    width = max(3, diameter // 45)
    draw.ellipse((c - r, c - r, c + r, c + r), outline=red, width=width)
    draw.ellipse((c - r * 0.68, c - r * 0.68, c + r * 0.68, c + r * 0.68), outline=red, width=max(2, width // 2))
    star = []
    for k in range(10):
        radius = r * (0.28 if k % 2 == 0 else 0.11)
        angle = -math.pi / 2 + k * math.pi / 5
        star.append((c + radius * math.cos(angle), c + radius * math.sin(angle)))
    draw.polygon(star, fill=red)
    text = "ỦY BAN NHÂN DÂN * TỈNH HÀ NAM * "
    try:
        font = ImageFont.truetype(str(FONT_BOLD), max(10, diameter // 11))
    except OSError:
        font = ImageFont.load_default()
    ring = r * 0.84
    for k, ch in enumerate(text):
        angle = -math.pi / 2 + 2 * math.pi * k / len(text)
        glyph = Image.new("RGBA", (diameter // 6, diameter // 6), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = c + ring * math.cos(angle) - glyph.width / 2
        y = c + ring * math.sin(angle) - glyph.height / 2
        img.alpha_composite(glyph, (int(x), int(y)))
    return img


def _signature_anchor(pdf_path: Path, page_index: int) -> tuple[float, float, float, float] | None:
    """(x, y, page width, page height) in points: centre of the signer block on that page (right half, bottom text)."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[page_index]
        words = [w for w in page.extract_words() if w["x0"] > page.width * 0.5]
        if not words:
            return None
        bottom = max(w["bottom"] for w in words)
        block = [w for w in words if w["bottom"] > bottom - 110]
        x = (min(w["x0"] for w in block) + max(w["x1"] for w in block)) / 2
        return x - 25, bottom - 45, float(page.width), float(page.height)


def make_scan(source_pdf: Path, target: Path, seed: int, dpi: int = 200) -> int:
    """Rasterise ``source_pdf`` into an image-only PDF that looks scanned; returns its page count."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(source_pdf))
    pages = []
    try:
        n_pages = len(pdf)
        for index in range(n_pages):
            page = pdf[index]
            image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            page.close()
            if index == n_pages - 1:  # the seal goes over the signature, on the last page
                anchor = _signature_anchor(source_pdf, index)
                if anchor is not None:
                    x, y, _w, _h = anchor
                    seal = _seal(int(40 / 25.4 * dpi), rng)  # a 40 mm seal
                    seal = seal.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
                    px, py = int(x / 72 * dpi - seal.width / 2), int(y / 72 * dpi - seal.height / 2)
                    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
                    layer.alpha_composite(seal, (max(0, px), max(0, py)))
                    image = Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
            arr = np.asarray(image).astype(np.float32)
            tone = np.array([rng.uniform(238, 248), rng.uniform(236, 246), rng.uniform(228, 240)], dtype=np.float32)
            arr = arr * (tone / 255.0)  # paper that is not quite white
            arr += nprng.normal(0.0, 9.0, size=arr.shape[:2])[..., None]  # sensor noise
            specks = nprng.random(arr.shape[:2]) < 0.0006  # dust
            arr[specks] = nprng.uniform(20, 90)
            image = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
            angle = rng.uniform(0.3, 1.5) * rng.choice((-1, 1))  # the feeder's skew
            image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(240, 238, 232))
            pages.append(image)
    finally:
        pdf.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(target, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=80)
    return len(pages)


# ------------------------------------------------------------------------------ corpora
@dataclass
class Corpus:
    kind: str
    size: int
    inbox: Path
    files: list[Path]
    pages: int
    bytes: int
    seconds: float  # time spent making it (0 when cached)


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def build_corpus(kind: str, size: int, distinct: Distinct, work: Path, scan_dpi: int = 200,
                 seed: int = 20250101, short_first: bool = False) -> Corpus:
    """An inbox of ``size`` letters of one kind under ``work/corpus/<kind>-<size>/`` (cached).

    ``short_first`` takes one-page letters first (the smoke run's single scan).
    """
    started = time.perf_counter()
    inbox = work / "corpus" / f"{kind}-{size}" / "inbox"
    done = inbox.parent / ".complete"
    stems = distinct.stems
    if short_first:
        stems = sorted(stems, key=lambda s: (_page_count(distinct.path(s, "pdf")), s))
    key = f"{distinct.folder}|{','.join(stems)}|{scan_dpi}|{seed}"
    if done.exists() and done.read_text().splitlines()[0] == key:
        files = sorted(p for p in inbox.iterdir() if p.is_file())
        pages = int(done.read_text().splitlines()[1])
        return Corpus(kind, size, inbox, files, pages, sum(p.stat().st_size for p in files), 0.0)
    if inbox.parent.exists():
        shutil.rmtree(inbox.parent)
    inbox.mkdir(parents=True)
    page_counts: dict[str, int] = {}
    files: list[Path] = []
    pages = 0
    for i in range(size):
        stem = stems[i % len(stems)]
        name = f"{i:05d}-{stem}"
        tag = f"congvan-bench-{kind}-{i}"
        if kind == "docx":
            target = inbox / f"{name}.docx"
            target.write_bytes(vary_docx(distinct.path(stem, "docx").read_bytes(), tag))
            if stem not in page_counts:  # a DOCX has no pages of its own: count its PDF twin's
                page_counts[stem] = _page_count(distinct.path(stem, "pdf"))
            pages += page_counts[stem]
        elif kind == "pdf":
            target = inbox / f"{name}.pdf"
            source = distinct.path(stem, "pdf")
            target.write_bytes(vary_pdf(source.read_bytes(), tag))
            if stem not in page_counts:
                page_counts[stem] = _page_count(source)
            pages += page_counts[stem]
        elif kind == "scan":
            target = inbox / f"{name}.pdf"
            pages += make_scan(distinct.path(stem, "pdf"), target, seed + i, scan_dpi)
        else:
            raise ValueError(f"unknown kind {kind!r}")
        files.append(target)
    done.write_text(f"{key}\n{pages}\n")
    return Corpus(kind, size, inbox, sorted(files), pages, sum(p.stat().st_size for p in files),
                  time.perf_counter() - started)
