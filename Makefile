# congvan: two commands for a fresh machine.
#   make demo   set up, process samples/letters into out/demo, and score it against samples/gold
#   make test   set up and run the test suite
# System packages (LibreOffice for the sample generator and PDF fixtures, Tesseract for OCR):
#   make system   (Debian/Ubuntu, needs root)

PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
OUT ?= out/demo
REAL ?= ../shared/samples

.PHONY: setup system demo test eval bench schema samples clean train compare

$(BIN)/congvan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

setup: $(BIN)/congvan

system:
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		libreoffice-writer-nogui tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd tesseract-ocr-eng poppler-utils qpdf fonts-dejavu fonts-liberation fonts-liberation2 \
		libgl1 libglib2.0-0 postgresql

demo: setup
	$(BIN)/congvan process samples/letters --out $(OUT) --received 2026-01-05 || true
	$(BIN)/congvan eval --gold samples/gold --pred $(OUT)/documents --show 5

test: setup
	$(BIN)/pytest -n 2 -q

eval: setup
	$(BIN)/congvan eval --gold samples/gold --letters samples/letters
	$(BIN)/congvan eval --gold samples/gold-real --labelled-tasks --split train
	$(BIN)/congvan eval --gold samples/gold-real --labelled-tasks --split dev
	@echo "test split (held out, aggregate numbers only):"
	$(BIN)/congvan eval --gold samples/gold-real --labelled-tasks --split test

# The task model (issue 14): build the data from train/dev gold, train (a few minutes on 2 cores),
# ship into congvan/data/task_model/. EXTRA=path/to/export-gold adds reviewer corrections to train.
train: setup
	$(BIN)/python -m congvan.training.train $(foreach d,$(EXTRA),--extra $(d))

# rules / model / hybrid by split (test aggregate only, 95% bootstrap), table into docs/ACCURACY.md
compare: setup
	$(BIN)/python -m congvan.training.compare --write-docs

schema: setup
	$(BIN)/congvan schema --write

bench: setup
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)

samples: setup
	$(BIN)/python samples/generate.py

clean:
	rm -rf out .pytest_cache
