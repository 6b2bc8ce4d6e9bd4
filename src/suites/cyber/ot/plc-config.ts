import type { ChallengeRandom } from '../ctf/challenge-random.js';

/** The Modbus tables of the PLC, named as the simulator's files name them. */
export type PlcTable = 'coils' | 'discrete_inputs' | 'input_registers' | 'holding_registers';

/** One table's block of addresses and the points inside it (absolute 0-based addresses). */
export interface PlcBlock<Point extends string> {
  readonly base: number;
  readonly size: number;
  readonly points: Readonly<Record<Point, number>>;
}

/** The register map; any address in a block but not a point is a spare that drives nothing. */
export interface PlcMap {
  readonly coils: PlcBlock<'pump' | 'valve' | 'maintenance'>;
  readonly discrete_inputs: PlcBlock<
    'level_high_high' | 'level_low' | 'pump_running' | 'valve_open' | 'maintenance_active'
  >;
  readonly input_registers: PlcBlock<
    'level' | 'inflow' | 'outflow' | 'chlorine_residual' | 'dose_applied' | 'uptime'
  >;
  readonly holding_registers: PlcBlock<
    'dose_setpoint' | 'dose_limit' | 'level_low_sp' | 'level_high_sp'
  >;
}

/** What the PLC answers to Modbus function 43/14 (read device identification). */
export interface PlcIdentity {
  readonly vendor: string;
  readonly product_code: string;
  readonly revision: string;
  readonly vendor_url: string;
  readonly product_name: string;
  readonly model_name: string;
  readonly application: string;
}

/** The tank and its dosing at start-up; levels in cm, flows in cm/s of level, doses in mg/L. */
export interface PlcProcess {
  readonly capacity_cm: number;
  readonly level_cm: number;
  readonly level_low_sp_cm: number;
  readonly level_high_sp_cm: number;
  readonly level_high_high_cm: number;
  readonly inflow_cm_s: number;
  readonly outflow_cm_s: number;
  readonly dose_mg_l: number;
  readonly dose_limit_mg_l: number;
  readonly pump_on: boolean;
}

/** The simulator's configuration file (`plc.json`), exactly as `plc.py` reads it. */
export interface PlcConfig {
  readonly port: number;
  readonly unit_id: number;
  /** Simulated seconds per wall-clock second. */
  readonly time_scale: number;
  readonly identity: PlcIdentity;
  readonly map: PlcMap;
  readonly process: PlcProcess;
  /** Paths under `/srv`, readable by scorers only. */
  readonly journal: string;
  readonly state: string;
}

export const plcPort = 5020;
export const plcJournalPath = 'state/journal.jsonl';
export const plcStatePath = 'state/state.json';

const surnames = [
  'Halvorsen',
  'Marchetti',
  'Okonkwo',
  'Lindqvist',
  'Barrowfield',
  'Castellane',
  'Vance-Ito',
  'Drummond',
  'Kessler',
  'Ferreira',
  'Nakamura',
  'Ashdown',
];
const vendorSuffixes = ['Controls', 'Automation', 'Process Systems', 'Industrial', 'Fluidtech'];
const productLines = ['AquaLogic', 'FlowSentry', 'ClearLine', 'HydroCore', 'TreatMaster'];

/** `count` distinct offsets in [0, size), in random order. */
function distinctOffsets(random: ChallengeRandom, size: number, count: number): number[] {
  const offsets = Array.from({ length: size }, (_, index) => index);
  for (let index = size - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [offsets[index], offsets[other]] = [offsets[other] ?? 0, offsets[index] ?? 0];
  }
  return offsets.slice(0, count);
}

function block<Point extends string>(
  random: ChallengeRandom,
  size: number,
  names: readonly Point[],
): PlcBlock<Point> {
  // Blocks start on a multiple of 16 anywhere in the lower part of the address space, so
  // finding them takes a scan rather than a guess at address 0.
  const base = 16 * random.int(4, 2000);
  const offsets = distinctOffsets(random, size, names.length);
  const points = Object.fromEntries(
    names.map((name, index) => [name, base + (offsets[index] ?? 0)]),
  ) as Record<Point, number>;
  return { base, size, points };
}

function tenths(random: ChallengeRandom, low: number, high: number): number {
  return random.int(Math.round(low * 10), Math.round(high * 10)) / 10;
}

/** A PLC with fresh unit id, register map, identity strings and process limits. */
export function generatePlcConfig(random: ChallengeRandom): PlcConfig {
  const surname = random.pick(surnames);
  const suffix = random.pick(vendorSuffixes);
  const line = random.pick(productLines);
  const series = random.int(2, 9);
  const initials = `${surname.charAt(0)}${suffix.charAt(0)}`.toUpperCase();
  const identity: PlcIdentity = {
    vendor: `${surname} ${suffix}`,
    product_code: `${initials}-${String(random.int(1000, 9999))}${random.word(1, 'ABCDEFGHJKLMNPRSTUVWXYZ')}`,
    revision: `${String(random.int(1, 6))}.${String(random.int(0, 19))}.${String(random.int(0, 99))}`,
    vendor_url: `https://www.${surname.toLowerCase().replace(/[^a-z]/g, '')}-${suffix.toLowerCase().replace(/ /g, '')}.example`,
    product_name: `${line} ${String(series)}00`,
    model_name: `${initials}${String(series)}${random.word(2, '0123456789')}`,
    application: `WTP-${random.word(3, 'ABCDEFGHJKLMNPQRSTUVWXYZ')} clearwell dosing`,
  };

  const capacity = random.int(300, 500);
  const low = Math.round(capacity * tenths(random, 0.3, 0.4));
  const high = Math.round(capacity * tenths(random, 0.6, 0.7));
  return {
    port: plcPort,
    unit_id: random.int(1, 247),
    time_scale: 10,
    identity,
    map: {
      coils: block(random, 8, ['pump', 'valve', 'maintenance']),
      discrete_inputs: block(random, 8, [
        'level_high_high',
        'level_low',
        'pump_running',
        'valve_open',
        'maintenance_active',
      ]),
      input_registers: block(random, 10, [
        'level',
        'inflow',
        'outflow',
        'chlorine_residual',
        'dose_applied',
        'uptime',
      ]),
      holding_registers: block(random, 8, [
        'dose_setpoint',
        'dose_limit',
        'level_low_sp',
        'level_high_sp',
      ]),
    },
    process: {
      capacity_cm: capacity,
      level_cm: random.int(low + 5, high - 5),
      level_low_sp_cm: low,
      level_high_sp_cm: high,
      level_high_high_cm: Math.round(capacity * 0.9),
      inflow_cm_s: tenths(random, 3, 5),
      outflow_cm_s: tenths(random, 1.5, 2.5),
      dose_mg_l: tenths(random, 1, 2),
      dose_limit_mg_l: tenths(random, 3, 6),
      pump_on: random.int(0, 1) === 1,
    },
    journal: plcJournalPath,
    state: plcStatePath,
  };
}
