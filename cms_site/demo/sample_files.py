"""The demo's sample files: a scanned page (PDF) and a photo (PNG), a few hundred bytes
each, drawn from a seeded random generator so every seed gives the same files."""

import random
import struct
import zlib


def document_pdf(rng: random.Random) -> bytes:
    """A one-page A4 PDF that looks like a scanned letter: grey lines of "text"."""
    bars = []
    y = 760
    while y > 120:
        width = rng.randint(180, 450)
        bars.append(f"{545 - width} {y} {width} 8 re f")  # right-aligned, as Persian text
        y -= rng.choice((18, 18, 18, 36))
    content = "0.6 g\n" + "\n".join(bars) + "\n"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}endstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode("ascii")


def photo_png(rng: random.Random, width: int = 96, height: int = 72) -> bytes:
    """A small PNG "photo": a sky over the ground, their colours drawn at random."""
    sky = (rng.randint(120, 190), rng.randint(170, 220), 235)
    ground = (rng.randint(90, 160), rng.randint(80, 130), rng.randint(40, 90))
    horizon = rng.randint(height // 3, 2 * height // 3)
    rows = b"".join(
        b"\x00" + bytes(sky if row < horizon else ground) * width for row in range(height)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
