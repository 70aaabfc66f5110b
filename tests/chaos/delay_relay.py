#!/usr/bin/python3
"""delay_relay.py LISTEN TARGET DELAY_MS: a TCP relay that holds every chunk
DELAY_MS before passing it on, in each direction, in order. The chaos test
uses it for latency where the kernel has no netem (tc qdisc netem); loss
then comes from nftables (netns_lab.hpp)."""
import asyncio
import sys

listen, target, delay = sys.argv[1], sys.argv[2], float(sys.argv[3]) / 1000


async def pipe(reader, writer):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def pump():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            await asyncio.sleep(max(0.0, due - loop.time()))
            writer.write(data)
            await writer.drain()
        writer.close()

    task = asyncio.create_task(pump())
    try:
        while data := await reader.read(65536):
            queue.put_nowait((loop.time() + delay, data))
    except OSError:
        pass
    queue.put_nowait((loop.time() + delay, None))
    try:
        await task
    except OSError:
        pass


async def serve(c_reader, c_writer):
    host, port = target.rsplit(":", 1)
    try:
        t_reader, t_writer = await asyncio.open_connection(host, int(port))
    except OSError:
        c_writer.close()
        return
    await asyncio.gather(pipe(c_reader, t_writer), pipe(t_reader, c_writer),
                         return_exceptions=True)


async def main():
    host, port = listen.rsplit(":", 1)
    server = await asyncio.start_server(serve, host, int(port))
    async with server:
        await server.serve_forever()

asyncio.run(main())
