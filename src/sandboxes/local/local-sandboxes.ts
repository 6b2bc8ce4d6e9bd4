import { InputError } from '../../core/errors/input-error.js';
import { SandboxError } from '../../core/errors/sandbox-error.js';
import type { SandboxProvider } from '../../core/sandbox/sandbox-provider.js';
import { createLocalSandboxProvider } from './local-provider.js';
import { checkPrerequisites } from './prerequisites.js';

/**
 * The local sandbox provider for a command that needs one, checked first: a host that lacks
 * a prerequisite is bad usage (exit 2), reported before any log is written.
 */
export async function localSandboxes(): Promise<SandboxProvider> {
  try {
    await checkPrerequisites();
  } catch (error) {
    if (error instanceof SandboxError)
      throw new InputError(error.message, error.hint === undefined ? {} : { hint: error.hint });
    throw error;
  }
  return createLocalSandboxProvider();
}
