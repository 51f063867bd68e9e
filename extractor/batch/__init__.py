"""Batch extraction: many URLs, one browser, N pages at once, streamed to JSONL."""

from extractor.batch.jsonl import JsonlWriter, finished_urls
from extractor.batch.runner import BatchOptions, run_batch
from extractor.batch.summary import BatchSummary

__all__ = ["BatchOptions", "BatchSummary", "JsonlWriter", "finished_urls", "run_batch"]
