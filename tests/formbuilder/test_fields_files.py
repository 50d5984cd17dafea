import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from django.utils.translation import override
from PIL import Image

from formbuilder.blocks import field_block
from formbuilder.fields import registry
from tests.formbuilder.helpers import error_messages, field_spec

FILE = registry.get("file")
MB = 1024 * 1024
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 2048


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_spec(*, required=True, validation=None):
    return field_spec(
        "file", key="documents", label="تصویر مدارک", required=required, validation=validation
    )


def field_for(**kwargs):
    return FILE.form_field(make_spec(**kwargs))


def test_a_pdf_and_a_png_are_accepted_by_content():
    field = field_for()
    pdf = upload("نامه.pdf", PDF)
    assert field.clean(pdf) is pdf
    image = upload("photo.bin", png(), content_type="application/octet-stream")
    assert field.clean(image) is image
    assert image.content_type == "image/png"  # what the content is, not what the browser said
    assert image.tell() == 0


def test_an_executable_named_pdf_is_refused_naming_the_allowed_types():
    field = field_for()
    with override("en"):
        assert error_messages(field, upload("scan.pdf", EXE)) == [
            "“scan.pdf” is not a file type accepted here. Accepted types: PDF, JPEG, PNG."
        ]
    with override("fa"):
        (message,) = error_messages(field, upload("scan.pdf", EXE))
    assert "PDF، JPEG، PNG" in message


def test_allowed_types_are_the_editors():
    field = field_for(validation={"allowed_types": ["png"]})
    field.clean(upload("a.png", png()))
    with pytest.raises(ValidationError):
        field.clean(upload("a.pdf", PDF))
    assert field.widget.attrs["accept"] == "image/png,.png"
    default_accept = field_for().widget.attrs["accept"].split(",")
    assert {".pdf", "application/pdf", ".jpg", "image/jpeg", ".png"} <= set(default_accept)


def test_size_limit_with_the_limit_in_persian_digits():
    big = upload("big.pdf", PDF + b"0" * (5 * MB))
    with override("fa"):
        (message,) = error_messages(field_for(), big)
    assert "۵" in message and "5" not in message.replace("big.pdf", "")
    with override("en"):
        assert error_messages(field_for(), big) == [
            "“big.pdf” is larger than 5 MB. Choose a file of at most 5 MB."
        ]
    half = field_for(validation={"max_size_mb": 0.5})
    half.clean(upload("ok.pdf", PDF + b"0" * (MB // 2 - len(PDF))))
    with override("fa"):
        (message,) = error_messages(half, upload("x.pdf", PDF + b"0" * (MB // 2)))
    assert "۰٫۵" in message


def test_the_hard_cap_wins_over_a_larger_limit_in_the_spec():
    field = field_for(validation={"max_size_mb": 100})
    with pytest.raises(ValidationError):
        field.clean(upload("huge.pdf", PDF + b"0" * (20 * MB)))


def test_empty_files_and_non_files_are_refused():
    with override("en"):
        assert error_messages(field_for(), upload("empty.pdf", b"")) == [
            "“empty.pdf” is empty. Choose the file again."
        ]
        assert error_messages(field_for(), "scan.pdf") == [
            "No file was received. Choose the file again."
        ]
        assert error_messages(field_for(), {"name": "scan.pdf"}) == [
            "No file was received. Choose the file again."
        ]
    assert field_for(required=False).clean(None) is None


def test_one_file_only_unless_multiple():
    with override("en"):
        assert error_messages(field_for(), [upload("a.pdf", PDF), upload("b.pdf", PDF)]) == [
            "Attach only one file here."
        ]


def test_multiple_files_through_a_form():
    field = field_for(validation={"multiple": True, "max_files": 2})
    assert "multiple" in field.widget.render("documents", None)
    form_class = type("UploadForm", (forms.Form,), {"documents": field})
    files = MultiValueDict({"documents": [upload("a.pdf", PDF), upload("b.png", png())]})
    form = form_class(data={}, files=files)
    assert form.is_valid(), form.errors
    assert [f.name for f in form.cleaned_data["documents"]] == ["a.pdf", "b.png"]
    too_many = MultiValueDict({"documents": [upload(f"{i}.pdf", PDF) for i in range(3)]})
    form = form_class(data={}, files=too_many)
    assert not form.is_valid()
    with override("en"):
        form = form_class(data={}, files=too_many)
        assert form.errors["documents"] == ["Attach at most 2 files."]


def test_multiple_defaults_to_five_files_and_reports_each_bad_one():
    field = field_for(validation={"multiple": True})
    field.clean([upload(f"{i}.pdf", PDF) for i in range(5)])
    with pytest.raises(ValidationError):
        field.clean([upload(f"{i}.pdf", PDF) for i in range(6)])
    messages = error_messages(field, [upload("a.pdf", EXE), upload("b.pdf", PDF), upload("c", b"")])
    assert len(messages) == 2
    assert field_for(required=False, validation={"multiple": True}).clean([]) == []


def test_a_single_file_field_refuses_two_parts_of_the_same_name():
    form_class = type("UploadForm", (forms.Form,), {"documents": field_for()})
    files = MultiValueDict({"documents": [upload("a.pdf", PDF), upload("b.pdf", PDF)]})
    assert not form_class(data={}, files=files).is_valid()


def test_storage_records_name_size_and_sniffed_type():
    spec = make_spec(validation={"multiple": True})
    files = [
        upload("C:\\scans\\نامه.pdf", PDF, content_type="image/png"),
        upload("photo.png", png()),
    ]
    cleaned = FILE.form_field(spec).clean(files)
    stored = FILE.to_storage(spec, cleaned)
    assert stored == [
        {"name": "نامه.pdf", "size": len(PDF), "content_type": "application/pdf"},
        {"name": "photo.png", "size": len(png()), "content_type": "image/png"},
    ]
    assert FILE.to_storage(make_spec(), upload("a.pdf", PDF))[0]["name"] == "a.pdf"
    assert FILE.to_storage(make_spec(), None) is None
    assert FILE.to_storage(spec, []) is None
    with override("fa"):
        assert FILE.display(spec, stored) == "نامه.pdf، photo.png"
    assert FILE.display(spec, None) == ""


def test_validation_keeps_only_what_the_editor_set():
    value = field_block(FILE).to_python(
        {"label": "مدارک", "allowed_types": ["pdf", "docx"], "max_size_mb": 2.0, "multiple": True}
    )
    assert FILE.validation(value) == {
        "allowed_types": ["pdf", "docx"],
        "max_size_mb": 2,
        "multiple": True,
    }
    unset = {"allowed_types": [], "max_size_mb": None, "multiple": False, "max_files": 3}
    assert FILE.validation(unset) == {}
    assert FILE.is_file


@pytest.mark.parametrize(
    "rules, expected",
    [
        (
            {"max_size_mb": 0},
            "The largest file size of “تصویر مدارک” must be more than 0 and at most 20 MB.",
        ),
        (
            {"max_size_mb": 25},
            "The largest file size of “تصویر مدارک” must be more than 0 and at most 20 MB.",
        ),
        ({"allowed_types": ["pdf", "exe"]}, "“تصویر مدارک” accepts an unknown file type: exe."),
        ({"multiple": True, "max_files": 0}, "“تصویر مدارک” must allow at least one file."),
    ],
)
def test_problems(rules, expected):
    with override("en"):
        assert FILE.problems(make_spec(validation=rules)) == [expected]


def test_no_problems_for_sensible_rules():
    rules = {"allowed_types": ["pdf", "jpeg"], "max_size_mb": 20, "multiple": True, "max_files": 3}
    assert FILE.problems(make_spec(validation=rules)) == []
