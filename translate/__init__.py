"""tilshi's translation library: documents in, translated documents out.

The public API is re-exported here lazily so that ``import translate`` stays
cheap (no torch, no transformers) until a model is actually needed.
"""
