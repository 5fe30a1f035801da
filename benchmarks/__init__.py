"""Benchmarks, run on demand (`make benchmark`): figures and their ratio to a baseline measured in the same run."""
