"""Batch extraction: many URLs, one browser, N pages at once, streamed to JSONL."""

from extractor.batch.jsonl import JsonlWriter, finished_urls, pending_urls
from extractor.batch.runner import BatchOptions, run_batch
from extractor.batch.summary import BatchSummary
from extractor.batch.to_jsonl import run_to_jsonl

__all__ = [
    "BatchOptions",
    "BatchSummary",
    "JsonlWriter",
    "finished_urls",
    "pending_urls",
    "run_batch",
    "run_to_jsonl",
]
