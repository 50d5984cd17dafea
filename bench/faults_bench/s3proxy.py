"""A TCP proxy in front of the suite's S3 server, which the fault suite breaks on cue.

    python bench/faults_bench/s3proxy.py LISTEN_PORT TARGET_PORT

Passes bytes both ways to 127.0.0.1:TARGET_PORT. On SIGUSR1 it cuts every open connection
and answers each new request `503 Slow Down` (S3's own answer when it is overloaded); on
SIGUSR2 it passes again. Killing it refuses connections, as a stopped server does; the
objects stay in the server behind it (moto keeps them in memory only).
"""

from __future__ import annotations

import asyncio
import signal
import sys

BODY = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
BUSY = (
    b"HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nConnection: close\r\n"
    b"Content-Length: %d\r\n\r\n%s" % (len(BODY), BODY)
)
CHUNK = 65536


class Proxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.busy = False
        self.open: set[asyncio.StreamWriter] = set()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        if busy:
            for writer in list(self.open):
                writer.close()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.busy:
            await self._refuse(reader, writer)
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(
                "127.0.0.1", self.target_port
            )
        except OSError:
            writer.close()
            return
        self.open.update((writer, upstream_writer))
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )
        self.open.difference_update((writer, upstream_writer))

    async def _refuse(self, reader, writer) -> None:
        try:
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
            writer.write(BUSY)
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass
        writer.close()

    async def _pipe(self, reader, writer) -> None:
        try:
            while data := await reader.read(CHUNK):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()


async def main(listen_port: int, target_port: int) -> None:
    proxy = Proxy(target_port)
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, proxy.set_busy, True)
    loop.add_signal_handler(signal.SIGUSR2, proxy.set_busy, False)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", listen_port, reuse_address=True)
    print(f"s3proxy: 127.0.0.1:{listen_port} -> {target_port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
