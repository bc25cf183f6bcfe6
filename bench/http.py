"""A small asyncio HTTP/1.1 client for load tests on loopback: one connection per
request (gunicorn's sync workers close after each), cookies kept per simulated person."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float


@dataclass
class Client:
    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0

    async def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        body = urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        started = time.perf_counter()
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), self.timeout
        )
        try:
            writer.write(raw)
            await writer.drain()
            data = await asyncio.wait_for(reader.read(), self.timeout)
        finally:
            writer.close()
        elapsed = time.perf_counter() - started
        head, _, payload = data.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers: dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            value = value.strip()
            if name == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, cookie_value = cookie.partition("=")
                self.cookies[key.strip()] = cookie_value.strip()
            headers[name] = value
        return Reply(
            int(status_line.split()[1]), headers, payload.decode("utf-8", "replace"), elapsed
        )
