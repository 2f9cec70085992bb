"""Benchmarks and the synthetic corpus generator, run from the checkout as modules: `python -m bench.bench_scale`."""
