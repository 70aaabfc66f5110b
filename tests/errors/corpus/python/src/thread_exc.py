import sys
import threading


def worker(n):
    print(f"worker {n} starting", file=sys.stderr)
    return {"a": 1}[n]


t = threading.Thread(target=worker, args=("b",), name="poller")
t.start()
t.join()
print("main: poller finished", file=sys.stderr)
