# roadmap: thin targets over the tools; `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLES := $(wildcard samples/*.txt samples/*.docx samples/*.pdf)

DEBIAN_PACKAGES := postgresql libreoffice-writer-nogui fonts-liberation chromium tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng

.PHONY: help setup deps demo test lint schema readme samples scans layouts golden eval bench fuzz clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(BIN)/roadmap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

setup: $(BIN)/roadmap  ## create .venv with the roadmap command and the dev tools

demo: setup deps  ## parse every bundled sample (scans too) into out/, then compare the plans in out/report.html
	$(BIN)/roadmap parse $(SAMPLES) --out-dir out
	@echo "wrote $$(ls out/*.json | wc -l) JSON files to out/"
	$(BIN)/roadmap compare out/*.txt.json --html out/report.html --json out/comparison.json

deps:  ## Debian packages the tests use (PostgreSQL, LibreOffice, Chromium, Tesseract), installed when missing and run as root
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else echo "the tests need: $$missing (apt-get install $$missing)"; exit 1; fi; \
	fi

test: setup deps  ## run the tests
	$(BIN)/python -m pytest -q

lint: setup  ## ruff and mypy
	$(BIN)/ruff check schemas extract pipelines tests samples bench
	$(BIN)/mypy

schema: setup  ## write the output JSON Schemas (published, strict, comparison) to schemas/*.schema.json
	$(BIN)/roadmap schema > schemas/roadmap.schema.json
	$(BIN)/roadmap schema --strict > schemas/roadmap.strict.schema.json
	$(BIN)/roadmap schema --comparison > schemas/comparison.schema.json

readme: setup  ## regenerate the parts of README.md the code prints (cog blocks: commands, exit codes, schema version)
	$(BIN)/cog -r README.md

samples: setup  ## rebuild samples/*.docx and *.pdf from the text renditions (needs LibreOffice)
	$(BIN)/python samples/build_samples.py

scans: setup  ## rebuild samples/*.scan.pdf and the mixed PDF from the PDF samples (200 dpi, grey, skewed, JPEG)
	$(BIN)/python samples/build_scans.py

layouts: setup  ## rebuild samples/layouts/*.docx, *.pdf (LibreOffice) and *.plain.pdf (reportlab) from their layout descriptions
	$(BIN)/python samples/build_layouts.py

eval: setup deps  ## score the code against ../shared/seeds-gold and ../shared/real/gold: a table per file and per field
	$(BIN)/python -m pipelines.evaluate

golden: setup  ## rewrite samples/expected/*.json from the current code (review with git diff)
	$(BIN)/python -m pytest -q tests/test_samples_golden.py --update-golden

bench: setup  ## parse vs pdfplumber, a 20,000-row DOCX vs python-docx, NLP vs natasha, import -j1 vs -j2, compare 50 plans, OCR vs tesseract, serve under load vs parse (ratios)
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_docx.py
	$(BIN)/python bench/bench_nlp.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_compare.py
	$(BIN)/python bench/bench_ocr.py
	$(BIN)/python bench/bench_serve.py

fuzz: setup  ## 1,000 mutants of the sample PDFs and DOCX files: counts by exit code; fails on a bug, a timeout or a memory stop
	$(BIN)/python tests/fuzzing.py --count 1000 --seed 1

clean:  ## remove outputs and caches
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
