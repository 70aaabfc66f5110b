import asyncio
import gc
import sys


async def refresh_cache():
    raise TimeoutError("cache refresh took longer than 5s")


async def main():
    asyncio.get_running_loop().create_task(refresh_cache())
    await asyncio.sleep(0.01)
    print("main: serving", file=sys.stderr)


asyncio.run(main())
gc.collect()
