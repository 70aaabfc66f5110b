"""asyncio.gather with one failing coroutine: a long trace through asyncio."""
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    if name == "inventory":
        raise ConnectionResetError(f"{name}: connection reset by peer")
    return name


async def main():
    results = await asyncio.gather(fetch("users", 0.01), fetch("inventory", 0.02))
    print(results)


asyncio.run(main())
