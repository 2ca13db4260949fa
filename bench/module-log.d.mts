/** Node arguments that make the process append every file it loads to `log` (put them before the script). */
export function moduleLogArgs(log: string): string[];
/** The files in `log`, once each, relative to `root` with "/" separators, sorted. */
export function readModuleLog(log: string, root: string): string[];
