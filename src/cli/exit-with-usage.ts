/** Ends the process with status 2 after the problem and the command's usage, as command-line tools do for a bad invocation. */
export function exitWithUsage(message: string, usage: string): never {
  process.stderr.write(`strata: ${message}\n\n${usage}\n`);
  process.exit(2);
}
