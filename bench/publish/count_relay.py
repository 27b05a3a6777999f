#!/usr/bin/env python3
"""count_relay.py TARGET_PORT STATS_FILE: a TCP relay on 127.0.0.1 that counts the bytes on the wire.

For bench/publish/run.sh: the studio publishes through it to proofdesk-host on 127.0.0.1:TARGET_PORT,
so what it counts is every byte the studio sent (request lines, headers and bodies) and received.
Prints "listening on 127.0.0.1:PORT" first; writes "SENT RECEIVED CONNECTIONS WINDOW_BYTES WINDOW_MS"
to STATS_FILE every half second and when stopped with SIGTERM. The window, for a rate: from the moment
the studio had sent its first 256 KB (past the event and the first photo's rendering, which put
nothing on the wire) to its last byte, how many bytes it sent and how many milliseconds it lasted.
"""
import asyncio
import os
import signal
import sys
import time

target_port = int(sys.argv[1])
stats_file = sys.argv[2]
counts = {"up": 0, "down": 0, "connections": 0, "first": 0, "last": 0, "up_at_first": 0}
WINDOW_START_BYTES = 256 * 1024


def write_stats():
    started = counts["first"] > 0
    window_bytes = counts["up"] - counts["up_at_first"] if started else 0
    window_ms = counts["last"] - counts["first"] if started else 0
    tmp = stats_file + ".part"
    with open(tmp, "w") as f:
        f.write(f'{counts["up"]} {counts["down"]} {counts["connections"]} {window_bytes} {window_ms}\n')
    os.replace(tmp, stats_file)


async def pipe(reader, writer, key):
    try:
        while True:
            data = await reader.read(1 << 16)
            if not data:
                break
            counts[key] += len(data)
            if key == "up":
                now = int(time.monotonic() * 1000)
                if not counts["first"] and counts["up"] >= WINDOW_START_BYTES:
                    counts["first"], counts["up_at_first"] = now, counts["up"]
                counts["last"] = now
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def handle(client_reader, client_writer):
    counts["connections"] += 1
    try:
        host_reader, host_writer = await asyncio.open_connection("127.0.0.1", target_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pipe(client_reader, host_writer, "up"), pipe(host_reader, client_writer, "down"))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on 127.0.0.1:{port}", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    while not stop.is_set():
        write_stats()
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except asyncio.TimeoutError:
            pass
    write_stats()


asyncio.run(main())
