import type { ToolCall } from '../model/tool.js';
import type { TaskState } from '../task/task-state.js';

/**
 * What an approval policy decided about one tool call:
 * - `allow`: run it as asked;
 * - `deny`: do not run it; the model is told why;
 * - `modify`: run `call` instead (its id is forced to the original's, so the tool message
 *   still answers the call the model made);
 * - `escalate`: a person must decide. With no human approver (batch runs) it is treated as a
 *   denial, and the reason is recorded in the tool message.
 */
export type ApprovalDecision =
  | { readonly decision: 'allow' }
  | { readonly decision: 'deny'; readonly reason: string }
  | { readonly decision: 'modify'; readonly call: ToolCall }
  | { readonly decision: 'escalate'; readonly reason: string };

/** Decides, before a tool runs, whether it may. */
export type ApprovalPolicy = (call: ToolCall, state: TaskState) => Promise<ApprovalDecision>;

/** A person deciding an escalated call; interactive runs only. */
export type HumanApprover = (
  call: ToolCall,
  state: TaskState,
  reason: string,
) => Promise<Exclude<ApprovalDecision, { readonly decision: 'escalate' }>>;

/** Allows every call. */
export const allowAll: ApprovalPolicy = () => Promise.resolve({ decision: 'allow' });

/** A command the default policy refuses, and why. */
export interface DestructiveCommand {
  readonly name: string;
  readonly description: string;
  readonly pattern: RegExp;
}

// Where a shell command word starts: the beginning, after a separator, a subshell or `$(`,
// optionally behind sudo/doas/exec/nohup and their flags. In Python code commands sit inside
// string literals, so a quote also starts one.
const shellStart = String.raw`(?:^|[;&|({\n\x60]|\$\()\s*(?:(?:sudo|doas|exec|nohup)\s+(?:-\S+\s+)*)*`;
const pythonStart = String.raw`(?:^|[;&|({\n\x60'"]|\$\()\s*(?:(?:sudo|doas|exec|nohup)\s+(?:-\S+\s+)*)*`;
const wordEnd = String.raw`(?=$|[\s;&|)\x60'"])`;

function commandPatterns(start: string): readonly DestructiveCommand[] {
  const at = (body: string) => new RegExp(`${start}${body}`, 'mu');
  return [
    {
      name: 'rm-root',
      description: 'recursive removal of the root directory (rm -rf /)',
      pattern: at(
        String.raw`rm\s+(?=(?:-{1,2}[\w-]+\s+)*-(?:[a-zA-Z]*[rR]|-recursive))(?:-{1,2}[\w-]+\s+)*\/\*?${wordEnd}`,
      ),
    },
    {
      name: 'fork-bomb',
      description: 'a fork bomb',
      pattern:
        /([A-Za-z_:][\w:]*)\s*\(\s*\)\s*\{\s*\1\s*\|\s*\1\s*&?\s*;?\s*\}|while\s+(?:True|1)\s*:\s*(?:\n\s*)?os\.fork\(\)/u,
    },
    {
      name: 'mkfs',
      description: 'making a file system (mkfs), which erases a device',
      pattern: at(String.raw`(?:mkfs(?:\.\w+)?|mke2fs)${wordEnd}`),
    },
    {
      name: 'disk-overwrite',
      description: 'writing over a disk device (dd of=/dev/sda, > /dev/sda)',
      pattern: new RegExp(
        String.raw`${start}dd\s[^\n;|&]*\bof=\/dev\/(?:sd|hd|vd|xvd|nvme|mmcblk)|>\s*\/dev\/(?:sd|hd|vd|xvd|nvme|mmcblk)`,
        'mu',
      ),
    },
    {
      name: 'shutdown',
      description: 'shutting down or rebooting the machine (shutdown, reboot, halt, poweroff)',
      pattern: at(
        String.raw`(?:(?:shutdown|reboot|halt|poweroff)|(?:tel)?init\s+[06]|systemctl\s+(?:poweroff|reboot|halt))${wordEnd}`,
      ),
    },
  ];
}

/**
 * The commands the default policy refuses, as found in a shell command. The list is short on
 * purpose: it catches the obvious, and is defence in depth only — the sandbox is the boundary
 * that must hold, since any list like this can be talked around (`eval`, base64, a script file).
 */
export const destructiveShellCommands: readonly DestructiveCommand[] = commandPatterns(shellStart);

/** The same list as found in Python code, where commands sit in strings (`os.system("...")`). */
export const destructivePythonCommands: readonly DestructiveCommand[] =
  commandPatterns(pythonStart);

/** The first destructive command in `text`, or undefined. */
export function findDestructiveCommand(
  text: string,
  language: 'shell' | 'python' = 'shell',
): DestructiveCommand | undefined {
  const list = language === 'shell' ? destructiveShellCommands : destructivePythonCommands;
  return list.find((entry) => entry.pattern.test(text));
}

/** Which argument of which tool holds code, and in what language. */
export type CommandArguments = Readonly<
  Record<string, { readonly argument: string; readonly language: 'shell' | 'python' }>
>;

/** The built-in tools: `bash` (`cmd`) and `python` (`code`). */
export const defaultCommandArguments: CommandArguments = {
  bash: { argument: 'cmd', language: 'shell' },
  python: { argument: 'code', language: 'python' },
};

/**
 * The agent's default policy: allows everything except calls whose code holds one of the
 * `destructiveShellCommands` (`rm -rf /`, fork bombs, `mkfs`, `dd` onto a disk, `shutdown`
 * and friends), which it denies with the reason. Defence in depth only: the sandbox is the
 * real boundary. Other tools' calls (`submit` among them) are not inspected.
 */
export function defaultApprovalPolicy(
  commandArguments: CommandArguments = defaultCommandArguments,
): ApprovalPolicy {
  return (call) => {
    const spec = commandArguments[call.name];
    const code = spec === undefined ? undefined : call.arguments[spec.argument];
    if (spec === undefined || typeof code !== 'string')
      return Promise.resolve({ decision: 'allow' });
    const found = findDestructiveCommand(code, spec.language);
    return Promise.resolve(
      found === undefined
        ? { decision: 'allow' }
        : {
            decision: 'deny',
            reason: `the default approval policy blocks ${found.description}`,
          },
    );
  };
}

/** What the agent does with a call once approval is settled. */
export type ApprovalOutcome =
  | { readonly run: ToolCall; readonly modified: boolean }
  | { readonly refused: 'denied' | 'escalated'; readonly reason: string };

/**
 * Settles approval for one call: asks the policy, then the human approver if the policy
 * escalates and one is configured. An escalation nobody can answer is refused as `escalated`.
 */
export async function settleApproval(
  call: ToolCall,
  state: TaskState,
  policy: ApprovalPolicy,
  human: HumanApprover | undefined,
): Promise<ApprovalOutcome> {
  let decision: ApprovalDecision = await policy(call, state);
  if (decision.decision === 'escalate') {
    if (human === undefined)
      return {
        refused: 'escalated',
        reason: `${decision.reason} (escalated; no human approver is configured)`,
      };
    decision = await human(call, state, decision.reason);
  }
  switch (decision.decision) {
    case 'allow':
      return { run: call, modified: false };
    case 'deny':
      return { refused: 'denied', reason: decision.reason };
    case 'modify':
      return { run: { ...decision.call, id: call.id }, modified: true };
  }
}
