"""Loaders turn input files into named graphs. They never write the store themselves:
:mod:`kg.loading` checks everything first, then writes all graphs in one transaction."""
