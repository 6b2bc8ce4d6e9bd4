import { higherLevel } from '../identity/clearance-level.js';
import { fail, ok, type Result } from '../result.js';
import { isBefore } from '../time/timestamp.js';
import { MarkingError } from '../errors/marking-error.js';
import type { DisseminationControl, Marking } from './marking.js';
import { disseminationControls, releaseControls } from './marking.js';

function sortedUnique<Item extends string>(items: readonly Item[]): Item[] {
  return [...new Set(items)].sort();
}

/**
 * The marking of an object derived from `inputs` (a finding from transcripts, a report from
 * findings): the highest level, every compartment, every restrictive control, a release control
 * only if all inputs carry it, and the earliest expiry. The owner is the inputs' common owner;
 * when they differ, the caller must name the derived object's owner.
 */
export function deriveMarking(
  inputs: readonly Marking[],
  options: { ownerId?: string } = {},
): Result<Marking, MarkingError> {
  const [first, ...rest] = inputs;
  if (first === undefined) {
    return fail(
      new MarkingError('no_inputs', 'a derived marking needs at least one input marking', {
        hint: 'pass the markings of every object the new one was made from',
      }),
    );
  }
  const owners = sortedUnique(inputs.map((marking) => marking.ownerId));
  const ownerId = options.ownerId ?? (owners.length === 1 ? first.ownerId : undefined);
  if (ownerId === undefined) {
    return fail(
      new MarkingError(
        'owner_ambiguous',
        `the inputs have different owners (${owners.join(', ')})`,
        {
          hint: 'name the owner of the derived object explicitly',
        },
      ),
    );
  }
  const level = rest.reduce((highest, marking) => higherLevel(highest, marking.level), first.level);
  const restrictive = inputs.flatMap((marking) =>
    marking.controls.filter((control) => !releaseControls.includes(control)),
  );
  const released = releaseControls.filter((control) =>
    inputs.every((marking) => marking.controls.includes(control)),
  );
  const controls: DisseminationControl[] = disseminationControls.filter(
    (control) => restrictive.includes(control) || released.includes(control),
  );
  const expiries = inputs.flatMap((marking) =>
    marking.expiresAt === undefined ? [] : [marking.expiresAt],
  );
  const expiresAt = expiries.reduce<string | undefined>(
    (soonest, expiry) => (soonest === undefined || isBefore(expiry, soonest) ? expiry : soonest),
    undefined,
  );
  return ok({
    level,
    compartments: sortedUnique(inputs.flatMap((marking) => marking.compartments)),
    controls,
    ownerId,
    ...(expiresAt === undefined ? {} : { expiresAt }),
  });
}
