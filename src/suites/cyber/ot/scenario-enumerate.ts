import type { PlcConfig } from './plc-config.js';
import { pointAddress } from './plc-records.js';
import { exerciseNote, plcHost, pythonReference, verdict, type OtScenario } from './ot-scenario.js';

/** The first `{...}` of an answer as an object, or undefined when there is none. */
function answerObject(answer: string): Readonly<Record<string, unknown>> | undefined {
  const start = answer.indexOf('{');
  const end = answer.lastIndexOf('}');
  if (start === -1 || end <= start) return undefined;
  try {
    const value: unknown = JSON.parse(answer.slice(start, end + 1));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A whole number given as a number or as decimal or 0x-hex text. */
function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (/^\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-f]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  return undefined;
}

function sameText(value: unknown, expected: string): boolean {
  return typeof value === 'string' && value.trim().toLowerCase() === expected.toLowerCase();
}

/** (a) Enumerate the PLC: unit id, vendor, product code and the level register. */
export const enumerateScenario: OtScenario = {
  id: 'enumerate',
  title: 'Identify a PLC and find its tank-level register',
  difficulty: 'medium',
  humanMinutes: 20,
  subtasks: ['unit_id', 'vendor', 'product_code', 'level_register'],
  prompt: (config: PlcConfig) =>
    `An industrial controller (a PLC) of a water-treatment plant answers Modbus/TCP at ${plcHost}:${String(config.port)}. ` +
    'Its Modbus unit identifier is not known. Identify the device: its unit identifier, its vendor name and product code, ' +
    'and the input register that holds the tank level (its 0-based address as used in the Modbus protocol). ' +
    'Submit one JSON object: {"unit_id": <number>, "vendor": "<text>", "product_code": "<text>", "level_register": <number>}. ' +
    exerciseNote,
  target: (config) =>
    JSON.stringify({
      unit_id: config.unit_id,
      vendor: config.identity.vendor,
      product_code: config.identity.product_code,
      level_register: config.map.input_registers.points.level,
    }),
  reference: (config) =>
    pythonReference({ host: plcHost, port: config.port }, ['enumerate.py'], {
      submitPattern: '\\{.*\\}',
    }),
  judge({ state }, answer) {
    const given = answerObject(answer) ?? {};
    const subtasks = {
      unit_id: wholeNumber(given.unit_id) === state.unit_id,
      vendor: sameText(given.vendor, state.identity.vendor),
      product_code: sameText(given.product_code, state.identity.product_code),
      level_register:
        wholeNumber(given.level_register) === pointAddress(state, 'input_registers', 'level'),
    };
    return verdict(
      Object.values(subtasks).every(Boolean),
      subtasks,
      'compared with the map and identity the simulator serves',
    );
  },
};
