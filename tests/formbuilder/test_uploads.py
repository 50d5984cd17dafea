import io
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from formbuilder.uploads import file_name_sanitise, file_sniff_mime


def png_bytes() -> bytes:
    def chunk(kind, data):
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# -- Files ------------------------------------------------------------------------------


def test_file_sniff_mime_reads_content_and_seeks_back():
    pdf = SimpleUploadedFile("photo.png", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    pdf.read(3)
    assert file_sniff_mime(pdf) == "application/pdf"
    assert pdf.tell() == 0
    assert file_sniff_mime(SimpleUploadedFile("x.pdf", png_bytes())) == "image/png"
    exe = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00" + b"\x00" * 2000)
    assert file_sniff_mime(exe) not in ("application/pdf", "image/png", "image/jpeg")


def test_file_sniff_mime_knows_office_documents():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    docx = SimpleUploadedFile("letter.pdf", buffer.getvalue())
    assert file_sniff_mime(docx) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


@pytest.mark.parametrize(
    "name, expected",
    [
        ("C:\\Users\\ali\\scan.pdf", "scan.pdf"),
        ("../../etc/passwd", "passwd"),
        ("scan\u202efdp.exe", "scanfdp.exe"),
        ("نامه‌ي اداري.pdf", "نامه‌ی اداری.pdf"),
        ('a<b>:"c".pdf', "a_b___c_.pdf"),
        ("  .. ", "file"),
        ("", "file"),
    ],
)
def test_file_name_sanitise(name, expected):
    assert file_name_sanitise(name) == expected


def test_long_file_names_keep_their_extension():
    name = file_name_sanitise("x" * 400 + ".pdf")
    assert len(name) == 150
    assert name.endswith(".pdf")
