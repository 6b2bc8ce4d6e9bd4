import type { ToolDefinition } from '../model/tool.js';
import type { Sandbox } from '../sandbox/sandbox.js';

/** What a tool gets besides its arguments: the sample's sandbox and the sample's signal. */
export interface ToolContext {
  readonly sandbox: Sandbox;
  readonly signal: AbortSignal;
}

/**
 * What one tool call produced. `output` is what the model reads; `error` is set when the tool
 * could not do what was asked (bad arguments, a missing file) — the agent shows it to the
 * model too. A command that ran and failed is an output, not an error.
 */
export interface ToolResult {
  readonly output: string;
  readonly error?: string;
  /** Set by a tool that submits an answer (`submit`): the agent records it as the answer. */
  readonly submission?: string;
}

/**
 * A tool the agent offers the model. `run` resolves with an error result for anything the
 * model got wrong; it rejects only when the tool itself broke (the agent turns that into an
 * error message too, except for an abort or a broken sandbox, which end the sample).
 */
export interface AgentTool {
  readonly definition: ToolDefinition;
  run(args: Readonly<Record<string, unknown>>, context: ToolContext): Promise<ToolResult>;
}

/** A result saying the call failed, for the model to read. */
export function toolError(message: string): ToolResult {
  return { output: '', error: message };
}

/**
 * A required string argument, or the error result to return when it is missing or not a
 * string; numbers and booleans are accepted as their text when `coerce` is set.
 */
export function stringArgument(
  tool: string,
  args: Readonly<Record<string, unknown>>,
  name: string,
  options: { readonly coerce?: boolean } = {},
): string | ToolResult {
  const value = args[name];
  if (typeof value === 'string') return value;
  if (options.coerce === true && (typeof value === 'number' || typeof value === 'boolean'))
    return String(value);
  const got = value === undefined ? 'it is missing' : `got ${typeof value}`;
  return toolError(`${tool} needs a string argument "${name}"; ${got}`);
}
