"""The load generator of benchmark 3: concurrent visitors voting over HTTP, from its own process.

    python -m benchmarks.loadgen --port 8123 --plan plan.json --out results.json

A small asyncio client (no dependency): each of ``--concurrency`` tasks takes the next visitor
of the plan and sends that visitor's requests one after the other, keeping the visitor cookie the
server set, as a browser would. Every request is recorded (status, latency, the visitor cookie
sent or received, Retry-After, the worker that answered) so that the checker can prove which votes
must be in the database. New requests stop at ``--deadline`` seconds: the run is bounded.

Plans are made by ``make_plan`` (votes over articles, with comments and re-votes) or
``bare_plan`` (the bare view: one row per request, no rules).
"""

import argparse
import asyncio
import json
import random
import sys
import time
import uuid
from urllib.parse import urlencode

VISITOR_COOKIE = "wagtail_kb_visitor"


def make_plan(articles, votes, comments, *, per_visitor=5, revote_share=0.05, seed=1):
    """Visitors, each voting on up to ``per_visitor`` articles; ``votes`` requests in all.

    A share of visitors vote a second time on one article (the second replaces the first), and
    ``comments`` of the votes carry a comment with a unique text.
    """
    rng = random.Random(seed)
    visitors, total = [], 0
    while total < votes:
        chosen = rng.sample(articles, min(per_visitor, len(articles), votes - total))
        requests = [{"path": path, "stars": rng.randint(1, 5)} for path in chosen]
        if rng.random() < revote_share and total + len(requests) < votes:
            again = dict(rng.choice(requests))
            again["stars"] = 1 + again["stars"] % 5
            requests.append(again)
        visitors.append(requests)
        total += len(requests)
    slots = [(v, r) for v, requests in enumerate(visitors) for r in range(len(requests))]
    for v, r in rng.sample(slots, min(comments, len(slots))):
        visitors[v][r]["comment"] = f"Benchmark comment {uuid.uuid4().hex}"
    return {"kind": "kb", "visitors": visitors}


def bare_plan(requests, *, page=1, seed=2):
    rng = random.Random(seed)
    return {
        "kind": "bare",
        "visitors": [
            [{"path": "/bench/insert/", "stars": rng.randint(1, 5), "page": page}]
            for _ in range(requests)
        ],
    }


def _build(kind, port, request, cookie):
    if kind == "bare":
        path = request["path"]
        fields = {"page": request.get("page", 1), "stars": request["stars"]}
    else:
        path = request["path"] + "rate/"
        fields = {"stars": request["stars"]}
        if request.get("comment"):
            fields["comment"] = request["comment"]
    body = urlencode(fields).encode()
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Origin: http://127.0.0.1:{port}",
        "Accept: application/json",
        "Content-Type: application/x-www-form-urlencoded",
        f"Content-Length: {len(body)}",
        "Connection: close",
    ]
    if cookie:
        lines.append(f"Cookie: {VISITOR_COOKIE}={cookie}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _parse(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1]) if lines and lines[0].startswith("HTTP/") else 0
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    return status, headers, body


def _cookie_from(headers):
    for name, value in headers:
        if name == "set-cookie" and value.startswith(VISITOR_COOKIE + "="):
            return value.split(";", 1)[0].split("=", 1)[1].strip('"')
    return None


async def _send(port, raw, timeout):
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        writer.write(raw)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()


async def run_plan(plan, port, concurrency, deadline, timeout=30.0, started=None):
    kind, queue = plan["kind"], list(enumerate(plan["visitors"]))
    queue.reverse()
    records = []
    started = started or time.monotonic()
    stop_at = started + deadline

    async def worker():
        while queue and time.monotonic() < stop_at:
            index, requests = queue.pop()
            cookie = None
            for request in requests:
                if time.monotonic() >= stop_at:
                    break
                raw = _build(kind, port, request, cookie)
                sent_at = time.monotonic()
                try:
                    status, headers, body = _parse(await _send(port, raw, timeout))
                    error = None
                except (TimeoutError, OSError) as exc:
                    status, headers, body, error = 0, [], b"", repr(exc)
                elapsed = time.monotonic() - sent_at
                new_cookie = _cookie_from(headers)
                header = dict(headers)
                records.append(
                    {
                        "visitor": index,
                        "path": request["path"],
                        "stars": request["stars"],
                        "comment": request.get("comment"),
                        "status": status,
                        "ms": elapsed * 1000,
                        "at": sent_at - started,
                        "cookie": cookie or new_cookie,
                        "retry_after": header.get("retry-after"),
                        "worker": header.get("x-bench-worker"),
                        "error": error
                        or (body[:200].decode("utf-8", "replace") if status >= 500 else None),
                    }
                )
                cookie = cookie or new_cookie

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return {
        "kind": kind,
        "records": records,
        "seconds": time.monotonic() - started,
        "planned": sum(len(v) for v in plan["visitors"]),
        "timed_out": bool(queue),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description="benchmark 3's load generator")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--plan", required=True, help="JSON plan (make_plan / bare_plan)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--deadline", type=float, default=240.0)
    args = parser.parse_args(argv)
    with open(args.plan) as handle:
        plan = json.load(handle)
    result = asyncio.run(run_plan(plan, args.port, args.concurrency, args.deadline))
    with open(args.out, "w") as handle:
        json.dump(result, handle)
    done = len(result["records"])
    print(f"{plan['kind']}: {done} requests in {result['seconds']:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
