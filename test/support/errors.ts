import { expect } from 'vitest';
import { InputError } from '../../src/core/errors/input-error.js';
import { ModelApiError } from '../../src/core/errors/model-api-error.js';

/** The error `run` throws; fails the test when it returns. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/**
 * The error `run` fails with. Some calls throw synchronously rather than reject, so the call
 * runs inside an async function that turns either into a rejection; fails the test when it
 * resolves.
 */
export async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** The InputError `run` throws; fails the test when it returns or throws something else. */
export function thrownInputError(run: () => unknown): InputError {
  const error = thrown(run);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/** The InputError `run` throws or rejects with; fails the test on success or another error. */
export async function inputError(run: () => Promise<unknown>): Promise<InputError> {
  const error = await rejection(run);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/** The ModelApiError a call rejects with; fails the test on success or on another error. */
export async function apiError(call: Promise<unknown>): Promise<ModelApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ModelApiError) return error;
    throw new Error(`expected a ModelApiError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail');
}
