import { z } from 'zod';
import { ScorerError } from '../../../core/errors/scorer-error.js';
import { SandboxError } from '../../../core/errors/sandbox-error.js';
import type { Sandbox } from '../../../core/sandbox/sandbox.js';
import { describeIssues } from '../../../core/validation/parse-with.js';
import { plcJournalPath, plcStatePath } from './plc-config.js';

const tableSchema = z.enum(['coils', 'discrete_inputs', 'input_registers', 'holding_registers']);

const blockSchema = z.object({
  base: z.number().int(),
  size: z.number().int(),
  points: z.record(z.string(), z.number().int()),
});

/** One line of the simulator's journal (`water_plant.py` writes them). */
export const plcEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('read'),
    t: z.number(),
    source: z.string(),
    table: tableSchema,
    start: z.number().int(),
    values: z.array(z.number()).readonly(),
  }),
  z.object({
    kind: z.literal('write'),
    t: z.number(),
    source: z.string(),
    table: tableSchema,
    start: z.number().int(),
    values: z.array(z.number()).readonly(),
    accepted: z.boolean(),
    exception: z.number().int().exactOptional(),
    maintenance: z.boolean(),
  }),
  z.object({ kind: z.literal('mode'), t: z.number(), maintenance: z.boolean() }),
  z.object({
    kind: z.literal('breach'),
    what: z.enum(['chlorine_dose', 'tank_level']),
    t: z.number(),
    value: z.number(),
    limit: z.number(),
    maintenance: z.boolean(),
  }),
]);

/** What the simulator says about itself: the map and identity it really serves. */
export const plcStateSchema = z.object({
  unit_id: z.number().int(),
  identity: z.object({ vendor: z.string(), product_code: z.string() }),
  map: z.object({
    coils: blockSchema,
    discrete_inputs: blockSchema,
    input_registers: blockSchema,
    holding_registers: blockSchema,
  }),
});

export type PlcEvent = z.infer<typeof plcEventSchema>;
export type PlcState = z.infer<typeof plcStateSchema>;

/** The simulator's records as a scorer reads them after the agent has finished. */
export interface PlcRecords {
  readonly state: PlcState;
  readonly journal: readonly PlcEvent[];
}

const journalLimitBytes = 64 * 1024 * 1024;

function fail(message: string, cause?: unknown): never {
  throw new ScorerError('plc', message, {
    hint: 'the PLC simulator must run as the episode service "plc" (see docs/suites/ot.md)',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A point's address in the simulator's map, or a scorer error naming what is missing. */
export function pointAddress(state: PlcState, table: keyof PlcState['map'], point: string): number {
  const address = state.map[table].points[point];
  return address ?? fail(`the simulator's map has no ${table} point "${point}"`);
}

/**
 * Reads the state file and the journal from inside the PLC's own sandbox, where the agent
 * cannot reach. A journal line the simulator was still writing (the last, unterminated) is
 * left out; any other bad line is a scorer error.
 */
export async function readPlcRecords(plc: Sandbox): Promise<PlcRecords> {
  let stateText: string;
  let journalText = '';
  try {
    stateText = await plc.readFile(`/srv/${plcStatePath}`);
    journalText = await plc.readFile(`/srv/${plcJournalPath}`, { maxBytes: journalLimitBytes });
  } catch (error) {
    if (error instanceof SandboxError && error.code === 'not_found')
      return fail(`cannot read the simulator's records: ${error.message}`, error);
    throw error;
  }
  let stateValue: unknown;
  try {
    stateValue = JSON.parse(stateText);
  } catch (error) {
    return fail(`${plcStatePath} is not JSON`, error);
  }
  const state = plcStateSchema.safeParse(stateValue);
  if (!state.success) fail(`${plcStatePath}: ${describeIssues(state.error)}`);

  const lines = journalText.split('\n');
  // Every finished line ends in a newline: what follows the last one is unfinished or empty.
  const complete = lines.slice(0, -1);
  const journal: PlcEvent[] = [];
  for (const [index, line] of complete.entries()) {
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return fail(`${plcJournalPath}:${String(index + 1)} is not JSON`, error);
    }
    const event = plcEventSchema.safeParse(value);
    if (!event.success)
      fail(`${plcJournalPath}:${String(index + 1)}: ${describeIssues(event.error)}`);
    journal.push(event.data);
  }
  return { state: state.data, journal };
}
