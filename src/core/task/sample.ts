import type { ChatMessage } from '../model/chat-message.js';
import type { ReferenceSolution } from './reference-solution.js';

/** A JSON value, as samples, metadata and scores carry them. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Free-form data attached to a sample, a task or a score. */
export type Metadata = Readonly<Record<string, JsonValue>>;

/** One item of a dataset. */
export interface Sample {
  readonly id: string;
  /** A prompt, or a whole conversation to continue. */
  readonly input: string | readonly ChatMessage[];
  /** What a correct answer matches; several strings mean "any of these". */
  readonly target: string | readonly string[];
  /** Options of a multiple-choice question, in order (A, B, C, ...). */
  readonly choices?: readonly string[];
  readonly metadata?: Metadata;
  /** Files to place in the sample's sandbox: path -> contents. */
  readonly files?: Readonly<Record<string, string>>;
  /** How the sample is solved, for the reference agents (never shown to a model). */
  readonly reference?: ReferenceSolution;
}

/** The targets of a sample as a list. */
export function targetList(target: Sample['target']): readonly string[] {
  return typeof target === 'string' ? [target] : target;
}

/** The input of a sample as a conversation. */
export function inputMessages(input: Sample['input']): readonly ChatMessage[] {
  return typeof input === 'string' ? [{ role: 'user', content: input }] : input;
}
