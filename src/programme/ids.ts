import { z } from 'zod';

/**
 * An identifier: letters, digits and `. _ : -`, starting with a letter or digit. Ids are chosen
 * by the store (UUIDs) or by seed data (`agency.cisa`); the domain only compares them.
 */
export const idSchema = z
  .string()
  .min(1, 'an id cannot be empty')
  .max(200, 'an id has at most 200 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'use letters, digits, ".", "_", ":" and "-"');

/** A non-empty human-written text: a reason, a title, a name. */
export const textSchema = z
  .string()
  .trim()
  .min(1, 'write a few words; it cannot be empty')
  .max(2000);
