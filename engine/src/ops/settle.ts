/**
 * Waits for every piece of work, then throws the first failure. Unlike Promise.all, a rollback never starts
 * while a sibling is still changing the kernel (it could re-create what the rollback just deleted).
 */
export async function settleAll(works: (Promise<unknown> | undefined)[]): Promise<void> {
  const results = await Promise.allSettled(works);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
