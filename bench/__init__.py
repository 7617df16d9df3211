"""Benchmarks of the bnviz engine (``make bench`` runs ``python -m bench``).

Every figure is printed as one ``name: value unit`` line; lines starting with
``#`` are context (BLAS build, thread counts, what exactly was measured).
"""
