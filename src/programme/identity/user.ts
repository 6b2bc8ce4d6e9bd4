import { z } from 'zod';
import { idSchema, textSchema } from '../ids.js';
import { compartmentSchema } from '../marking/marking.js';
import { clearanceLevelSchema } from './clearance-level.js';
import { roleSchema } from './role.js';

/**
 * A user account: one role, the organisation it belongs to, and what a security officer has
 * cleared it for — a level and the compartments it is read into.
 */
export const userSchema = z
  .object({
    id: idSchema,
    organisationId: idSchema,
    displayName: textSchema,
    role: roleSchema,
    clearance: clearanceLevelSchema,
    compartments: z.array(compartmentSchema).readonly(),
  })
  .strict()
  .readonly();

export type User = z.infer<typeof userSchema>;
