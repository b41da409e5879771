#!/usr/bin/env python3
"""A block's socket for the timed-delivery bench: python3 sink.py FILE PORT.

Every OSC message ',ih' (number, the network time it is for) that reaches 127.0.0.1:PORT is written to FILE as
'ADDRESS NUMBER FOR ARRIVED' and to FILE's '-read' twin as 'ADDRESS NUMBER FOR READ'. ARRIVED is the kernel's stamp of
the moment the datagram reached the socket (SO_TIMESTAMPNS): what the node that hands it over controls. READ is when
this program got it, which adds this program's own waking up on a busy computer. Both are this computer's
CLOCK_MONOTONIC in nanoseconds (network time: the sink runs in the machine's network namespace, not its time
namespace); the kernel stamps in CLOCK_REALTIME, mapped here by the two clocks read side by side.
"""
import socket
import struct
import sys
import time

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)


def realtime_minus_monotonic():
    """The clocks' difference, from the closest of a hundred readings of one between two of the other."""
    best = None
    for _ in range(100):
        before = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        real = time.clock_gettime_ns(time.CLOCK_REALTIME)
        after = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        if best is None or after - before < best[0]:
            best = (after - before, real - (before + after) // 2)
    return best[1]


def osc_string(data, at):
    end = data.index(b"\0", at)
    return data[at:end].decode(), (end + 4) & ~3


def main():
    path, port = sys.argv[1], int(sys.argv[2])
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    sink.bind(("127.0.0.1", port))
    difference, measured = realtime_minus_monotonic(), time.monotonic()
    with open(path, "w", buffering=1) as arrived, open(path[:-4] + "-read.txt", "w", buffering=1) as read:
        print("ready", flush=True)
        while True:
            data, ancillary, _, _ = sink.recvmsg(2048, socket.CMSG_SPACE(16))
            got = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
            stamp = next((struct.unpack("qq", d[:16]) for level, kind, d in ancillary
                          if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS), None)
            if time.monotonic() - measured > 1:
                difference, measured = realtime_minus_monotonic(), time.monotonic()
            try:
                address, at = osc_string(data, 0)
                tags, at = osc_string(data, at)
                if tags != ",ih" or stamp is None:
                    continue
                number, due = struct.unpack(">iq", data[at:at + 12])
            except (ValueError, struct.error):
                continue
            kernel = stamp[0] * 1_000_000_000 + stamp[1] - difference
            name = address.lstrip("/")
            arrived.write(f"{name} {number} {due} {kernel}\n")
            read.write(f"{name} {number} {due} {got}\n")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
