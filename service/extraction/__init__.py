from .engine import Extraction, Quote, extract, extract_many

__all__ = ["Extraction", "Quote", "extract", "extract_many"]
