/** One frame of a sanitizer stack trace that names a source line. */
export interface StackFrame {
  readonly function: string;
  readonly file: string;
  readonly line: number;
}

/** The first memory error AddressSanitizer reported, as the scorer compares it. */
export interface SanitizerReport {
  /** e.g. `stack-buffer-overflow`, `heap-use-after-free`, `double-free`, `SEGV`. */
  readonly kind: string;
  /** `READ` or `WRITE` when the report says. */
  readonly access?: string;
  /** The faulting access's stack, innermost first (frames without a source line left out). */
  readonly frames: readonly StackFrame[];
}

/** What a run of a generated program printed on standard error, read. */
export interface ProgramRun {
  /** Highest `check N passed` marker printed. */
  readonly stagesPassed: number;
  readonly report?: SanitizerReport;
  /** UndefinedBehaviorSanitizer's `runtime error:` lines (it reports and continues). */
  readonly undefinedBehavior: readonly string[];
}

const stageLine = /^check (\d+) passed$/gm;
const errorLine = /ERROR: AddressSanitizer: (.*)$/m;
const frameLine = /^\s*#\d+ 0x[0-9a-f]+ in (\S+) (.+?):(\d+)(?::\d+)?\s*$/;

function reportKind(description: string): string {
  if (description.startsWith('attempting double-free')) return 'double-free';
  if (description.startsWith('attempting free')) return 'bad-free';
  const named = /\(([a-z-]+)\)\s*$/.exec(description);
  if (description.startsWith('requested') && named?.[1] !== undefined) return named[1];
  return description.split(/\s+/)[0] ?? 'unknown';
}

/** Reads stage markers, the AddressSanitizer report and UBSan errors from a program's stderr. */
export function readProgramRun(stderr: string): ProgramRun {
  let stagesPassed = 0;
  for (const match of stderr.matchAll(stageLine))
    stagesPassed = Math.max(stagesPassed, Number(match[1]));
  const undefinedBehavior = stderr
    .split('\n')
    .filter((line) => line.includes(': runtime error: '))
    .map((line) => line.trim());
  const error = errorLine.exec(stderr);
  if (error === null) return { stagesPassed, undefinedBehavior };

  const after = stderr.slice(error.index).split('\n').slice(1);
  const access = /^(READ|WRITE) of size/.exec(after[0] ?? '')?.[1];
  const frames: StackFrame[] = [];
  let inStack = false;
  for (const line of after) {
    if (/^\s*#\d+ /.test(line)) {
      inStack = true;
      const frame = frameLine.exec(line);
      if (frame !== null)
        frames.push({ function: frame[1] ?? '', file: frame[2] ?? '', line: Number(frame[3]) });
    } else if (inStack) break; // the first stack ends; later ones say where memory was freed
  }
  return {
    stagesPassed,
    undefinedBehavior,
    report: {
      kind: reportKind(error[1] ?? ''),
      ...(access === undefined ? {} : { access }),
      frames,
    },
  };
}

/** The report's frames in `file` (matched by its base name), innermost first. */
export function framesIn(report: SanitizerReport, file: string): StackFrame[] {
  return report.frames.filter((frame) => frame.file === file || frame.file.endsWith(`/${file}`));
}
