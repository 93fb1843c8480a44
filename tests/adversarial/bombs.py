"""Hostile files made in the test, small on disk, claiming or inflating to gigabytes."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import numpy as np
from PIL import Image


def npy_header(shape, dtype="<f8") -> bytes:
    """A ``.npy`` file's bytes: a header declaring ``shape`` and no data at all."""
    header = repr({"descr": dtype, "fortran_order": False, "shape": tuple(shape)}).encode()
    header += b" " * (-(len(header) + 11) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


def npz(**members: bytes | np.ndarray) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, value in members.items():
            if isinstance(value, np.ndarray):
                out = io.BytesIO()
                np.save(out, value, allow_pickle=False)
                value = out.getvalue()
            archive.writestr(name + ".npy", value)
    return buffer.getvalue()


def png(width=5, height=5) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height)).save(out, format="PNG")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width``×``height`` (a decompression bomb's header) and no pixels."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zeros_deflate(n_chunks: int, chunk: int = 1 << 24) -> bytes:
    """A raw deflate stream of ``n_chunks × chunk`` zero bytes, made from one compressed chunk
    (a full flush makes a chunk's blocks independent, so they can be repeated)."""
    c = zlib.compressobj(1, zlib.DEFLATED, -15)
    block = c.compress(bytes(chunk)) + c.flush(zlib.Z_FULL_FLUSH)
    return block * n_chunks + b"\x03\x00"          # an empty final block


def zip_deflated_member(name: str, stream: bytes, declared_size: int) -> bytes:
    """A ZIP holding one deflated member whose headers declare ``declared_size`` bytes."""
    data = bytearray(zip_of({name: stream}))       # stored, then patched to "deflated"
    for signature, method_at, size_at in ((b"PK\x03\x04", 8, 22), (b"PK\x01\x02", 10, 24)):
        at = data.find(signature)
        data[at + method_at:at + method_at + 2] = struct.pack("<H", 8)
        data[at + size_at:at + size_at + 4] = struct.pack("<I", declared_size)
    return bytes(data)


def zip_member_claiming(size: int) -> bytes:
    """A ZIP whose one image entry's headers claim ``size`` bytes unpacked."""
    return zip_deflated_member("cats/a.png", zlib.compress(png(), 9)[2:-4], size)
