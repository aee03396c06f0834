"""Batch import and export: readers (CSV, XLSX, JSON, JSON Lines), writers, and the importer
that validates every row first and then writes in one transaction.

Knows no terminal: the CLI (efter/cli/transfer.py) prints and draws the progress bar.
"""
