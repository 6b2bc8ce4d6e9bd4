import { levelAtLeast } from '../identity/clearance-level.js';
import type { DisseminationControl, Marking } from './marking.js';
import { releaseControls } from './marking.js';

function isRelease(control: DisseminationControl): boolean {
  return releaseControls.includes(control);
}

function includesAll<Item>(holder: readonly Item[], items: readonly Item[]): boolean {
  return items.every((item) => holder.includes(item));
}

/**
 * True when `higher` is at least as protective as `lower`: level at least as high, every
 * compartment and restrictive control of `lower`, and no release control `lower` lacks.
 * Owner and expiry are bookkeeping, not protection, and do not enter the order.
 */
export function dominates(higher: Marking, lower: Marking): boolean {
  return (
    levelAtLeast(higher.level, lower.level) &&
    includesAll(higher.compartments, lower.compartments) &&
    includesAll(
      higher.controls.filter((control) => !isRelease(control)),
      lower.controls.filter((control) => !isRelease(control)),
    ) &&
    includesAll(lower.controls.filter(isRelease), higher.controls.filter(isRelease))
  );
}

/** True when changing `from` to `to` lowers protection in any way: that needs two people. */
export function isDowngrade(from: Marking, to: Marking): boolean {
  return !dominates(to, from);
}
