#!/usr/bin/env python3
"""Start-up timing: runs each command N times, interleaved, and prints wall-clock and CPU time.

Usage: tools/startup-times.py N LABEL1 'COMMAND1' LABEL2 'COMMAND2' ...
e.g.   tools/startup-times.py 11 main '/tmp/mw-jit/microwasm run --engine interp fib.wasm 1' \
                                 new  'build/microwasm/microwasm run --engine interp fib.wasm 1'

Interleaving spreads the machine's load over all commands alike; CPU time (user + system of the
command and its children, from getrusage) moves less with the load than wall time does.
"""
import resource
import statistics
import subprocess
import sys
import time


def main() -> None:
    if len(sys.argv) < 4 or len(sys.argv) % 2 != 0:
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    commands = list(zip(sys.argv[2::2], sys.argv[3::2]))
    wall = {label: [] for label, _ in commands}
    cpu = {label: [] for label, _ in commands}
    for _ in range(runs):
        for label, command in commands:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            wall[label].append((time.perf_counter() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[label].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    for label, _ in commands:
        w = sorted(wall[label])
        c = sorted(cpu[label])
        print(f"{label:24s} wall min {w[0]:6.1f} med {statistics.median(w):6.1f} max {w[-1]:6.1f} | "
              f"cpu min {c[0]:6.1f} med {statistics.median(c):6.1f} ms")


if __name__ == "__main__":
    main()
