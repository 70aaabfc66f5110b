// Run by Node 22 with type stripping; throws from a typed function.
interface Job {
  id: number;
  retries?: number;
}
function backoff(job: Job): number {
  if (job.retries === undefined) throw new Error(`job ${job.id} has no retry policy`);
  return 2 ** job.retries;
}
console.log(backoff({ id: 1, retries: 2 }));
console.log(backoff({ id: 2 }));
