import asyncio


async def job(n):
    await asyncio.sleep(0)
    if n % 2:
        raise ValueError(f"job {n} failed")
    return n


async def main():
    async with asyncio.TaskGroup() as tg:
        for n in range(4):
            tg.create_task(job(n))


asyncio.run(main())
