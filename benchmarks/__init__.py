"""congvan benchmarks: ``python -m benchmarks.bench`` (``make bench``); see benchmarks/README.md."""
