/**
 * Whether a process with this pid exists on this host. Signal 0 checks without signalling:
 * ESRCH means gone; EPERM means it exists but belongs to someone else.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
