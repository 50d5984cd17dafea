"""A fake Kavenegar REST API on a real local port: `/v1/<api key>/<action>.json`.

It implements what `receipts.sms.kavenegar` uses: `sms/send`, `verify/lookup`,
`sms/statuslocalmessageid` and `sms/status`, with Kavenegar's answer shape
(`{"return": {"status", "message"}, "entries": [...]}`, the HTTP status equal to
`return.status`) and the rules that matter to a client: a key other than `api_key` is
refused with 403, a repeated `localid` returns the first message instead of sending
again, lookup tokens refuse underscores, newlines and spaces (token10 takes 5, token20
takes 8), and `sms/status`
takes at most 500 ids.

    with FakeKavenegar() as kavenegar:
        settings.KAVENEGAR_BASE_URL = kavenegar.base_url
        kavenegar.hang_next(1, seconds=2)  # store the message, answer late
        kavenegar.set_delivery(messageid, 10)
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import unquote

from . import FakeServer, RecordedRequest

RECEPTOR_RE = re.compile(r"^(?:\+98|0098|98|0)?9\d{9}$")
STATUS_TEXTS = {
    1: "در صف ارسال",
    2: "زمان بندی شده",
    4: "ارسال شده به مخابرات",
    5: "ارسال شده به مخابرات",
    6: "خطا در ارسال پیام",
    10: "رسیده به گیرنده",
    11: "نرسیده به گیرنده",
    13: "ارسال پیام لغو شده",
    14: "بلاک شده",
    100: "شناسه پیامک نامعتبر است",
}
RETURN_MESSAGES = {
    200: "تایید شد",
    403: "کد شناسائی API-Key معتبر نمی‌باشد",
    404: "متدی با این نام پیدا نشده است",
    411: "دریافت کننده نامعتبر است",
    412: "ارسال کننده نامعتبر است",
    413: "پیام خالی است و یا طول پیام بیش از حد مجاز می‌باشد",
    414: "حجم درخواست بیشتر از حد مجاز است",
    418: "اعتبار حساب شما کافی نیست",
    424: "الگوی مورد نظر پیدا نشد",
    429: "تعداد درخواست‌ها بیش از حد مجاز است",
    431: "ساختار کد صحیح نمی‌باشد",
    432: "پارامتر کد در متن پیام پیدا نشد",
    500: "خطای داخلی سرور",
}
LOOKUP_TOKEN_SPACES = {"token": 0, "token2": 0, "token3": 0, "token10": 5, "token20": 8}
STATUS_IDS_PER_CALL = 500


@dataclass
class FakeMessage:
    """A message the fake took, as Kavenegar would keep it."""

    messageid: int
    receptor: str
    message: str
    sender: str = ""
    localid: str = ""
    template: str = ""
    tokens: dict[str, str] = field(default_factory=dict)
    status: int = 1

    def entry(self) -> dict:
        return {
            "messageid": self.messageid,
            "message": self.message,
            "status": self.status,
            "statustext": STATUS_TEXTS.get(self.status, ""),
            "sender": self.sender,
            "receptor": self.receptor,
            "date": 1767225600,
            "cost": 120,
        }


def kavenegar_answer(status: int, entries=None, message: str | None = None) -> dict:
    """A body in Kavenegar's shape."""
    return {
        "return": {"status": status, "message": message or RETURN_MESSAGES.get(status, "")},
        "entries": entries,
    }


class FakeKavenegar(FakeServer):
    """Kavenegar on 127.0.0.1; `base_url` goes to KAVENEGAR_BASE_URL, `api_key` to
    KAVENEGAR_API_KEY. `templates`: the lookup templates that exist (None: any)."""

    def __init__(self, api_key: str = "fake-kavenegar-key", templates=None) -> None:
        super().__init__()
        self.api_key = api_key
        self.templates = set(templates) if templates is not None else None
        self.messages: dict[int, FakeMessage] = {}
        self._ids = itertools.count(700_001)
        self._messages_lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1"

    @property
    def sent(self) -> list[FakeMessage]:
        """Every message taken, oldest first."""
        with self._messages_lock:
            return list(self.messages.values())

    def set_delivery(self, messageid: int | str, status_code: int) -> None:
        """Kavenegar's status of a message from now on (10 delivered, 11 undelivered…)."""
        with self._messages_lock:
            self.messages[int(messageid)].status = status_code

    def requests_to(self, action: str) -> list[RecordedRequest]:
        """The recorded requests to one action, e.g. "sms/send"."""
        return [request for request in self.requests if request.meta.get("action") == action]

    def answer(self, request: RecordedRequest) -> tuple[int, object]:
        parts = request.path.strip("/").split("/")
        if len(parts) != 4 or parts[0] != "v1" or not parts[3].endswith(".json"):
            return 404, kavenegar_answer(404)
        api_key = unquote(parts[1])
        action = f"{parts[2]}/{parts[3].removesuffix('.json')}"
        request.meta.update(api_key=api_key, action=action)
        if api_key != self.api_key:
            return 403, kavenegar_answer(403)
        fault = self.take_fault()
        if fault is not None and fault.kind in ("fail", "reject"):
            return fault.status, kavenegar_answer(fault.status)
        handler = {
            "sms/send": self._send,
            "verify/lookup": self._lookup,
            "sms/statuslocalmessageid": self._status_by_localid,
            "sms/status": self._status,
        }.get(action)
        if handler is None:
            return 404, kavenegar_answer(404)
        status, entries = handler(request.params)
        if fault is not None and fault.kind == "hang":
            self.wait(fault.seconds)
        return status, kavenegar_answer(status, entries if status == 200 else None)

    def _send(self, params: dict[str, str]):
        receptor = params.get("receptor", "")
        if not RECEPTOR_RE.match(receptor):
            return 411, None
        if not params.get("message"):
            return 413, None
        localid = params.get("localid", "")
        with self._messages_lock:
            if localid:
                for message in self.messages.values():
                    if message.localid == localid:
                        return 200, [message.entry()]  # Kavenegar does not send it again
            message = self._store(
                receptor=receptor,
                message=params["message"],
                sender=params.get("sender", ""),
                localid=localid,
            )
            return 200, [message.entry()]

    def _lookup(self, params: dict[str, str]):
        receptor = params.get("receptor", "")
        if not RECEPTOR_RE.match(receptor):
            return 411, None
        template = params.get("template", "")
        if not template or (self.templates is not None and template not in self.templates):
            return 424, None
        if not params.get("token"):
            return 432, None
        tokens = {name: params[name] for name in LOOKUP_TOKEN_SPACES if params.get(name)}
        for name, value in tokens.items():
            if value.count(" ") > LOOKUP_TOKEN_SPACES[name] or "_" in value or "\n" in value:
                return 431, None
        with self._messages_lock:
            message = self._store(
                receptor=receptor,
                message=" ".join([template, *tokens.values()]),
                template=template,
                tokens=tokens,
            )
            return 200, [message.entry()]

    def _status_by_localid(self, params: dict[str, str]):
        entries = []
        with self._messages_lock:
            for localid in filter(None, params.get("localid", "").split(",")):
                message = next((m for m in self.messages.values() if m.localid == localid), None)
                messageid, status = (message.messageid, message.status) if message else (0, 100)
                entries.append(
                    {
                        "messageid": messageid,
                        "localid": localid,
                        "status": status,
                        "statustext": STATUS_TEXTS.get(status, ""),
                    }
                )
        return 200, entries

    def _status(self, params: dict[str, str]):
        ids = [value for value in params.get("messageid", "").split(",") if value]
        if len(ids) > STATUS_IDS_PER_CALL:
            return 414, None
        entries = []
        with self._messages_lock:
            for value in ids:
                message = self.messages.get(int(value)) if value.isdigit() else None
                status = message.status if message else 100
                entries.append(
                    {
                        "messageid": int(value) if value.isdigit() else value,
                        "status": status,
                        "statustext": STATUS_TEXTS.get(status, ""),
                    }
                )
        return 200, entries

    def _store(self, **fields) -> FakeMessage:
        message = FakeMessage(messageid=next(self._ids), **fields)
        self.messages[message.messageid] = message
        return message
