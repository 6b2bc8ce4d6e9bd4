import { z } from 'zod';
import { idSchema } from '../ids.js';
import { clearanceLevelSchema } from '../identity/clearance-level.js';
import { timestampSchema } from '../time/timestamp.js';

/** A compartment name, e.g. `DEV-ACME` (per developer) or `SUB-7F3A` (per submission). */
export const compartmentSchema = z
  .string()
  .regex(
    /^[A-Z0-9][A-Z0-9_-]{0,63}$/,
    'write a compartment in capitals, digits, "_" and "-", e.g. DEV-ACME',
  );

/**
 * Dissemination controls. `PROPRIETARY` (the owner's intellectual property) and `SEALED`
 * (criteria and thresholds: encrypted at rest, every read audited) restrict; `REL-DEVELOPER`
 * releases the object to the owning developer's staff. Restrictions add up when objects are
 * combined; a release survives only if every input had it.
 */
export const disseminationControls = ['PROPRIETARY', 'SEALED', 'REL-DEVELOPER'] as const;
export type DisseminationControl = (typeof disseminationControls)[number];

/** The controls that widen who may see an object; the rest narrow it. */
export const releaseControls: readonly DisseminationControl[] = ['REL-DEVELOPER'];

/**
 * The marking every stored object carries: level, compartments, dissemination controls, the
 * owning organisation and, usually, an expiry tied to the access window.
 */
export const markingSchema = z
  .object({
    level: clearanceLevelSchema,
    compartments: z.array(compartmentSchema).readonly(),
    controls: z
      .array(
        z.enum(disseminationControls, {
          error: () => `unknown dissemination control; use ${disseminationControls.join(', ')}`,
        }),
      )
      .readonly(),
    ownerId: idSchema,
    expiresAt: timestampSchema.exactOptional(),
  })
  .strict()
  .readonly();

export type Marking = z.infer<typeof markingSchema>;
