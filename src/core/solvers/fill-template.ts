import { InputError } from '../errors/input-error.js';
import type { TaskState } from '../task/task-state.js';

const placeholder = /\{([a-z_][a-z0-9_]*)\}/gi;

/**
 * Replaces `{prompt}` with the sample's prompt, `{target}` is never offered (it would leak the
 * answer), and `{name}` with the sample's metadata field `name`. An unknown name is an error
 * rather than a silent blank, so a typo in a template cannot go unnoticed.
 */
export function fillTemplate(
  template: string,
  state: TaskState,
  extra: Record<string, string> = {},
): string {
  return template.replace(placeholder, (whole, name: string) => {
    if (name === 'prompt') return state.prompt;
    const fromExtra = extra[name];
    if (fromExtra !== undefined) return fromExtra;
    const fromMetadata = state.sample.metadata?.[name];
    if (fromMetadata !== undefined) {
      return typeof fromMetadata === 'string' ? fromMetadata : JSON.stringify(fromMetadata);
    }
    throw new InputError(
      `template placeholder ${whole} has no value for sample ${state.sample.id}`,
      {
        hint: `use {prompt}${Object.keys(extra)
          .map((key) => `, {${key}}`)
          .join('')} or a metadata field of the sample`,
      },
    );
  });
}

/** Checks a template's placeholders before a run starts; returns the names it uses. */
export function templatePlaceholders(template: string): readonly string[] {
  return [...template.matchAll(placeholder)].map((match) => match[1] ?? '');
}
