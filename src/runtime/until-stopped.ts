/** Waiting for the operator to stop a long-running command (Ctrl+C, or a service manager's SIGTERM). */

/** Resolves at the first SIGINT or SIGTERM, and stops listening for either. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
