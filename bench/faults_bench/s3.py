"""`--s3`: every private file of the run in a bucket of a local S3 server (moto's server
mode, in a process of its own), reached through a proxy that the suite breaks on cue
(bench/faults_bench/s3proxy.py), and the checks of the bucket once the system has settled.

moto keeps its objects in memory, so the server itself is never stopped: the outage is
the proxy's (503 "Slow Down" to every request, then no server at all), and the objects
written before it are still there after it.
"""

from __future__ import annotations

import http.client
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from .cluster import free_port, port_open
from .processes import BIN, Managed, ProcessError

BUCKET = "khedmat-faults"
REGION = "us-east-1"
ACCESS_KEY = "khedmat-faults"  # moto accepts any pair
SECRET_KEY = "khedmat-faults-secret"  # noqa: S105  (the local server's, for this run)
# Objects read back through the app and tried anonymously: all of them up to this many.
CHECK_AT_MOST = 300


class PortProcess(Managed):
    """A managed process that serves on `port` once it has started."""

    def __init__(self, name: str, command: list[str], folder: Path, port: int) -> None:
        super().__init__(name, command, dict(os.environ), folder)
        self.port = port

    def start(self) -> None:
        super().start()
        deadline = time.monotonic() + 60
        while not port_open(self.port):
            if not self.alive() or time.monotonic() > deadline:
                raise ProcessError(f"{self.name} did not start:\n{self.log_tail()}")
            time.sleep(0.1)


class S3Server:
    """moto's S3 server and the proxy in front of it; the app is given the proxy's URL."""

    def __init__(self, folder: Path) -> None:
        moto_port, proxy_port = free_port(), free_port()
        self.moto = PortProcess(
            "moto",
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(moto_port)],
            folder,
            moto_port,
        )
        self.proxy = PortProcess(
            "s3proxy",
            [sys.executable, str(Path(__file__).with_name("s3proxy.py")), str(proxy_port)]
            + [str(moto_port)],
            folder,
            proxy_port,
        )

    @property
    def endpoint(self) -> str:
        """What the app uses: the proxy."""
        return f"http://127.0.0.1:{self.proxy.port}"

    @property
    def direct(self) -> str:
        """The server itself, for the suite's own checks."""
        return f"http://127.0.0.1:{self.moto.port}"

    def start(self) -> None:
        self.moto.start()
        self.proxy.start()
        self.client().create_bucket(Bucket=BUCKET)

    def stop(self) -> None:
        self.proxy.stop()
        self.moto.stop()

    def environment(self) -> dict[str, str]:
        """What an operator sets (cms_site/settings/storage.py)."""
        return {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": REGION,
        }

    # The fault

    def busy(self) -> None:
        """Every open connection cut, every request answered 503 Slow Down."""
        self.proxy.signal_group(signal.SIGUSR1)

    def down(self) -> None:
        """No server: connections refused."""
        self.proxy.kill()

    def up(self) -> None:
        self.proxy.start()

    # Seen from outside the app

    def client(self):
        from tests.s3 import s3_client

        return s3_client(self.direct, access_key=ACCESS_KEY, secret_key=SECRET_KEY)

    def keys(self) -> list[str]:
        paginator = self.client().get_paginator("list_objects_v2")
        return sorted(
            entry["Key"]
            for page in paginator.paginate(Bucket=BUCKET)
            for entry in page.get("Contents", ())
        )

    def anonymous_status(self, key: str) -> int:
        """GET on the object's plain URL, as anyone on the network could try it."""
        conn = http.client.HTTPConnection("127.0.0.1", self.moto.port, timeout=20)
        try:
            conn.request("GET", f"/{BUCKET}/{quote(key)}")
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()


def bucket_figures(s3: S3Server, codes: set[str]) -> dict:
    """Every accepted request's file and receipt in the bucket exactly once, nothing else
    there, and none of it readable anonymously. Reads the database (the suite's process)."""
    from receipts.models import Receipt
    from submissions.models import SubmissionFile

    keys = s3.keys()
    files = dict(
        SubmissionFile.objects.filter(submission__tracking_code__in=codes).values_list(
            "file", "submission__tracking_code"
        )
    )
    receipts = dict(
        Receipt.objects.filter(submission__tracking_code__in=codes).values_list(
            "file", "submission__tracking_code"
        )
    )
    referenced = {f"private/{name}" for name in (*files, *receipts)}
    files_per_request = Counter(files.values())
    anonymous = Counter(str(s3.anonymous_status(key)) for key in keys[:CHECK_AT_MOST])
    return {
        "objects": len(keys),
        "objects_by_prefix": dict(Counter("/".join(key.split("/")[:2]) for key in keys)),
        "requests_without_their_file": sum(1 for code in codes if files_per_request[code] == 0),
        "requests_with_more_than_one_file": sum(1 for n in files_per_request.values() if n > 1),
        "requests_without_a_receipt": len(codes - set(receipts.values())),
        "referenced_objects_missing": len(referenced - set(keys)),
        "orphan_objects": len(set(keys) - referenced),
        "orphan_samples": sorted(set(keys) - referenced)[:5],
        "anonymous_get_by_status": dict(anonymous),
    }


def bucket_clean(figures: dict) -> bool:
    return (
        figures["requests_without_their_file"] == 0
        and figures["requests_with_more_than_one_file"] == 0
        and figures["requests_without_a_receipt"] == 0
        and figures["referenced_objects_missing"] == 0
        and figures["orphan_objects"] == 0
        and set(figures["anonymous_get_by_status"]) == {"403"}
    )


def _get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _staff_cookie() -> str:
    """A signed-in administrator's session cookie (the session saved as a sign-in does)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="faults-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def app_downloads(ports: list[int], accepted: dict[int, str], s3: S3Server) -> dict:
    """Each request's receipt (the citizen's link) and file (the cartable's download, as
    an administrator) read through gunicorn, compared with the bucket and with the bytes
    the client sent: answers by status, and bodies that differ."""
    from receipts.models import Receipt
    from submissions.models import SubmissionFile

    from .content import upload_bytes

    cookie = _staff_cookie()
    client = s3.client()
    by_code = {code: index for index, code in sorted(accepted.items())[:CHECK_AT_MOST]}
    statuses: Counter = Counter()
    differ = 0
    receipts = Receipt.objects.filter(submission__tracking_code__in=by_code).select_related(
        "submission"
    )
    for turn, receipt in enumerate(receipts):
        status, body = _get(
            ports[turn % len(ports)], f"/requests/{receipt.submission.access_token}/receipt.pdf"
        )
        statuses[f"receipt_{status}"] += 1
        stored = client.get_object(Bucket=BUCKET, Key=f"private/{receipt.file.name}")
        differ += status == 200 and body != stored["Body"].read()
    files = SubmissionFile.objects.filter(submission__tracking_code__in=by_code).values_list(
        "pk", "submission__tracking_code"
    )
    for turn, (pk, code) in enumerate(files):
        status, body = _get(ports[turn % len(ports)], f"/admin/cartable/{code}/files/{pk}/", cookie)
        statuses[f"file_{status}"] += 1
        differ += status == 200 and body != upload_bytes(by_code[code])
    return {"checked_requests": len(by_code), "answers": dict(statuses), "bodies_differ": differ}


def downloads_clean(figures: dict) -> bool:
    answers = figures["answers"]
    n = figures["checked_requests"]
    return (answers.get("receipt_200") == n and answers.get("file_200") == n) and figures[
        "bodies_differ"
    ] == 0
