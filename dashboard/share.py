"""Configs in links: a config dict as one compact, URL-safe query-parameter value.

The Architecture page keeps its ``ModelConfig`` in the address bar, so a copied link
opens the same network. The value is base64url of compact JSON, without padding.
"""

from __future__ import annotations

import base64
import binascii
import json


def encode_config(data: dict) -> str:
    """``data`` as a URL-safe string.

    Example
    -------
    >>> encode_config({"name": "custom"})
    'eyJuYW1lIjoiY3VzdG9tIn0'
    """
    text = json.dumps(data, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_config(value: str) -> dict:
    """The dict :func:`encode_config` made; ``ValueError`` for anything else.

    Example
    -------
    >>> decode_config("eyJuYW1lIjoiY3VzdG9tIn0")
    {'name': 'custom'}
    """
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        data = json.loads(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as exc:
        raise ValueError(f"not an encoded config: {exc}. Received: {value[:40]!r}") from None
    if not isinstance(data, dict):
        raise ValueError(f"an encoded config must hold a JSON object. Received: {type(data).__name__}")
    return data
