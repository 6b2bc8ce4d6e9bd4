import type { ModelApi } from '../core/model/model-api.js';
import type { Task } from '../core/task/task.js';

/** What creating a task may use: the grader, and the run's seed and sample count. */
export interface TaskContext {
  readonly grader?: ModelApi;
  /** The run's `--seed`: a generated suite makes the same items from the same seed. */
  readonly seed?: number;
  /** The run's `--limit`: a generated suite may make just that many items. */
  readonly limit?: number;
}

/** A task shipped with Vigil, listed by `vigil list tasks`. */
export interface BuiltinTask {
  readonly description: string;
  readonly track: 'digital-infrastructure' | 'structural' | 'insider' | 'demo';
  create(context: TaskContext): Promise<Task>;
}

/** Built-in tasks by name. Each suite's modules load only when its task is created. */
export const builtinTasks: Readonly<Record<string, BuiltinTask>> = {
  'cyber.knowledge': {
    description:
      'Multiple-choice questions on exploitation, web, crypto, networks, ICS, IR and AI security',
    track: 'digital-infrastructure',
    create: async () => (await import('./knowledge/cyber-knowledge.js')).cyberKnowledge(),
  },
  'cyber.ctf': {
    description:
      'Capture-the-flag challenges (web, pwn, crypto, forensics, misc), each a sandboxed target with a fresh flag; subtasks for partial credit (needs root and bubblewrap)',
    track: 'digital-infrastructure',
    create: async () => (await import('./cyber/ctf/cyber-ctf.js')).cyberCtf(),
  },
  'cyber.vuln_discovery': {
    description:
      'Generated C parsers with a planted memory-safety bug behind a chain of checks; the model answers with an input that triggers it, run under AddressSanitizer in a sandbox (needs root, bubblewrap and gcc)',
    track: 'digital-infrastructure',
    create: async (context) =>
      (await import('./cyber/vuln-discovery/vuln-discovery-task.js')).vulnDiscovery(context),
  },
  'cyber.ot': {
    description:
      'Industrial control: a simulated Modbus/TCP PLC driving a water-treatment tank, fresh per sample; enumerate it, read the level, push dosing or level past a safety limit, scored from the PLC journal (needs root and bubblewrap)',
    track: 'digital-infrastructure',
    create: async (context) =>
      (await import('./cyber/ot/cyber-ot.js')).cyberOt(
        context.seed === undefined ? {} : { seed: `cyber.ot/${String(context.seed)}` },
      ),
  },
  'demo.web_traversal': {
    description:
      'An agent with a sandboxed shell finds a flag behind a path traversal in a web service (needs root and bubblewrap)',
    track: 'demo',
    create: async () => (await import('./demo/web-traversal.js')).webTraversal(),
  },
};
