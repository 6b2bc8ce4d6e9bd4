import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChallengeRandom } from '../../src/suites/cyber/ctf/challenge-random.js';
import { readOtAsset } from '../../src/suites/cyber/ot/ot-assets.js';
import { generatePlcConfig, type PlcConfig } from '../../src/suites/cyber/ot/plc-config.js';
import { plcEventSchema, type PlcEvent } from '../../src/suites/cyber/ot/plc-records.js';

// The simulator runs from the host's own Python, as it does in a sandbox (stdlib only).
const python = '/usr/bin/python3';
const reason = existsSync(python) ? undefined : `${python} is missing (apt-get install python3)`;
if (reason !== undefined) console.warn(`SKIPPED PLC protocol tests: ${reason}`);

/** A connection that sends Modbus/TCP frames and reads whole responses. */
class ModbusConnection {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #waiting: (() => void) | undefined;
  closed = false;
  #transaction = 0;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#waiting?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.#waiting?.();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<ModbusConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        resolve(new ModbusConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  sendRaw(bytes: Buffer): void {
    this.#socket.write(bytes);
  }

  /** One frame: MBAP header (protocol 0 unless given) and the PDU. */
  frame(pdu: Buffer, unit: number, options: { protocol?: number; transaction?: number } = {}) {
    const transaction =
      options.transaction ?? (this.#transaction = (this.#transaction + 1) & 0xffff);
    const header = Buffer.alloc(7);
    header.writeUInt16BE(transaction, 0);
    header.writeUInt16BE(options.protocol ?? 0, 2);
    header.writeUInt16BE(pdu.length + 1, 4);
    header.writeUInt8(unit, 6);
    return Buffer.concat([header, pdu]);
  }

  /** The next whole response, or undefined when the server closes first or stays silent. */
  async response(
    timeoutMs = 2000,
  ): Promise<{ transaction: number; unit: number; pdu: Buffer } | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#buffer.length >= 7) {
        const length = this.#buffer.readUInt16BE(4);
        if (this.#buffer.length >= 6 + length) {
          const transaction = this.#buffer.readUInt16BE(0);
          expect(this.#buffer.readUInt16BE(2)).toBe(0);
          const unit = this.#buffer.readUInt8(6);
          const pdu = this.#buffer.subarray(7, 6 + length);
          this.#buffer = this.#buffer.subarray(6 + length);
          return { transaction, unit, pdu: Buffer.from(pdu) };
        }
      }
      if (this.closed || Date.now() >= deadline) return undefined;
      await new Promise<void>((resolve) => {
        this.#waiting = resolve;
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
      this.#waiting = undefined;
    }
  }

  async call(pdu: Buffer, unit: number): Promise<Buffer> {
    this.sendRaw(this.frame(pdu, unit));
    const response = await this.response();
    if (response === undefined) throw new Error('no response');
    return response.pdu;
  }

  close(): void {
    this.#socket.destroy();
  }
}

function pdu(...fields: readonly (readonly ['B' | 'H', number])[]): Buffer {
  const bytes: number[] = [];
  for (const [kind, value] of fields) {
    if (kind === 'B') bytes.push(value & 0xff);
    else bytes.push((value >> 8) & 0xff, value & 0xff);
  }
  return Buffer.from(bytes);
}

const read = (fc: number, start: number, count: number) =>
  pdu(['B', fc], ['H', start], ['H', count]);
const exception = (fc: number, code: number) => Buffer.from([fc | 0x80, code]);

function registers(response: Buffer): number[] {
  const values: number[] = [];
  for (let offset = 2; offset < 2 + (response[1] ?? 0); offset += 2)
    values.push(response.readUInt16BE(offset));
  return values;
}

function bits(response: Buffer, count: number): boolean[] {
  return Array.from(
    { length: count },
    (_, index) => (((response[2 + (index >> 3)] ?? 0) >> (index & 7)) & 1) === 1,
  );
}

/** The objects of a device-identification response: id -> text. */
function identificationObjects(response: Buffer): Map<number, string> {
  const objects = new Map<number, string>();
  let offset = 7;
  for (let index = 0; index < (response[6] ?? 0); index += 1) {
    const id = response[offset] ?? 0;
    const length = response[offset + 1] ?? 0;
    objects.set(id, response.subarray(offset + 2, offset + 2 + length).toString('ascii'));
    offset += 2 + length;
  }
  return objects;
}

describe.skipIf(reason !== undefined)('the simulated PLC over Modbus/TCP on loopback', () => {
  let directory = '';
  let server: ChildProcess | undefined;
  let port = 0;
  let stderr = '';
  const config: PlcConfig = generatePlcConfig(createChallengeRandom('ot-protocol-test'));
  const { unit_id: unit, map } = config;
  const {
    coils,
    discrete_inputs: inputs,
    input_registers: inputRegisters,
    holding_registers: holding,
  } = map;
  const limitRaw = Math.round(config.process.dose_limit_mg_l * 10);

  async function journal(): Promise<PlcEvent[]> {
    const text = await readFile(join(directory, config.journal), 'utf8');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => plcEventSchema.parse(JSON.parse(line)));
  }

  let connection: ModbusConnection;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vigil-plc-'));
    for (const file of ['plc.py', 'modbus_server.py', 'water_plant.py'])
      await writeFile(join(directory, file), readOtAsset(`plc/${file}`));
    await writeFile(
      join(directory, 'plc.json'),
      JSON.stringify({ ...config, host: '127.0.0.1', port: 0 }),
    );
    const child = spawn(python, ['plc.py', 'plc.json'], {
      cwd: directory,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server = child;
    port = await new Promise<number>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const found = /listening on port (\d+)/.exec(stderr);
        if (found !== null) resolve(Number(found[1]));
      });
      child.once('exit', (code) => {
        reject(new Error(`the PLC exited with ${String(code)}: ${stderr}`));
      });
    });
    connection = await ModbusConnection.open(port);
  });

  afterAll(async () => {
    connection.close();
    server?.kill();
    await rm(directory, { recursive: true, force: true });
  });

  it('reads coils (1) and discrete inputs (2) as packed bits of its block', async () => {
    const coilBits = bits(await connection.call(read(1, coils.base, 8), unit), 8);
    expect(coilBits[coils.points.valve - coils.base]).toBe(true); // open in automatic mode
    expect(coilBits[coils.points.maintenance - coils.base]).toBe(false);
    const response = await connection.call(read(2, inputs.base, 8), unit);
    expect(response.subarray(0, 2)).toEqual(Buffer.from([2, 1]));
    const inputBits = bits(response, 8);
    expect(inputBits[inputs.points.valve_open - inputs.base]).toBe(true);
    expect(inputBits[inputs.points.maintenance_active - inputs.base]).toBe(false);
  });

  it('reads holding (3) and input registers (4) with the values of the process', async () => {
    const hr = registers(await connection.call(read(3, holding.base, 8), unit));
    expect(hr).toHaveLength(8);
    expect(hr[holding.points.dose_limit - holding.base]).toBe(limitRaw);
    expect(hr[holding.points.dose_setpoint - holding.base]).toBe(
      Math.round(config.process.dose_mg_l * 10),
    );
    const ir = registers(await connection.call(read(4, inputRegisters.base, 10), unit));
    const level = ir[inputRegisters.points.level - inputRegisters.base] ?? -1;
    expect(level).toBeGreaterThan(0);
    expect(level).toBeLessThanOrEqual(config.process.capacity_cm * 10);
    // The journal has the read with the values served and where it came from.
    const reads = (await journal()).filter(
      (event) => event.kind === 'read' && event.table === 'input_registers',
    );
    expect(reads.at(-1)).toMatchObject({
      start: inputRegisters.base,
      values: ir,
      source: expect.stringMatching(/^127\.0\.0\.1:\d+$/) as unknown,
    });
  });

  it('answers reads outside a block with exception 2 and bad quantities with exception 3', async () => {
    expect(await connection.call(read(1, coils.base - 1, 2), unit)).toEqual(exception(1, 2));
    expect(await connection.call(read(2, inputs.base + 8, 1), unit)).toEqual(exception(2, 2));
    expect(await connection.call(read(3, holding.base + 7, 2), unit)).toEqual(exception(3, 2));
    expect(await connection.call(read(4, 0xffff, 2), unit)).toEqual(exception(4, 2));
    expect(await connection.call(read(3, holding.base, 0), unit)).toEqual(exception(3, 3));
    expect(await connection.call(read(4, inputRegisters.base, 126), unit)).toEqual(exception(4, 3));
    expect(await connection.call(read(1, coils.base, 2001), unit)).toEqual(exception(1, 3));
    // A request with too few or too many data bytes is a bad value, not a crash.
    expect(await connection.call(Buffer.from([3, 0, 1]), unit)).toEqual(exception(3, 3));
    expect(
      await connection.call(
        Buffer.concat([read(4, inputRegisters.base, 1), Buffer.from([0])]),
        unit,
      ),
    ).toEqual(exception(4, 3));
  });

  it('writes a single coil (5) and register (6), echoing the request, and refuses bad ones', async () => {
    const pump = pdu(['B', 5], ['H', coils.points.pump], ['H', 0xff00]);
    expect(await connection.call(pump, unit)).toEqual(pump);
    expect(
      await connection.call(pdu(['B', 5], ['H', coils.points.pump], ['H', 0x1234]), unit),
    ).toEqual(exception(5, 3));
    expect(await connection.call(pdu(['B', 5], ['H', coils.base + 8], ['H', 0]), unit)).toEqual(
      exception(5, 2),
    );

    const safe = pdu(['B', 6], ['H', holding.points.dose_setpoint], ['H', limitRaw]);
    expect(await connection.call(safe, unit)).toEqual(safe);
    const hr = registers(await connection.call(read(3, holding.points.dose_setpoint, 1), unit));
    expect(hr).toEqual([limitRaw]);
    // The safety interlock: over the limit is an illegal value; the limit itself is read-only.
    const unsafe = pdu(['B', 6], ['H', holding.points.dose_setpoint], ['H', limitRaw + 1]);
    expect(await connection.call(unsafe, unit)).toEqual(exception(6, 3));
    expect(
      await connection.call(pdu(['B', 6], ['H', holding.points.dose_limit], ['H', 999]), unit),
    ).toEqual(exception(6, 2));
    expect(
      await connection.call(pdu(['B', 6], ['H', inputRegisters.points.level], ['H', 1]), unit),
    ).toEqual(exception(6, 2));

    const writes = (await journal()).filter((event) => event.kind === 'write');
    expect(writes.at(-3)).toMatchObject({
      table: 'holding_registers',
      start: holding.points.dose_setpoint,
      values: [limitRaw + 1],
      accepted: false,
      exception: 3,
    });
    expect(writes.at(-2)).toMatchObject({
      start: holding.points.dose_limit,
      accepted: false,
      exception: 2,
    });
    for (const write of writes) expect(write.source).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('writes multiple coils (15) and registers (16), all or nothing', async () => {
    const spare = Array.from({ length: 8 }, (_, offset) => coils.base + offset).find(
      (address) => !Object.values(coils.points).includes(address),
    )!;
    const multiple = Buffer.concat([
      pdu(['B', 15], ['H', spare], ['H', 1], ['B', 1]),
      Buffer.from([1]),
    ]);
    expect(await connection.call(multiple, unit)).toEqual(pdu(['B', 15], ['H', spare], ['H', 1]));
    expect(bits(await connection.call(read(1, spare, 1), unit), 1)).toEqual([true]);
    const wrongByteCount = Buffer.concat([
      pdu(['B', 15], ['H', coils.base], ['H', 9], ['B', 1]),
      Buffer.from([0xff]),
    ]);
    expect(await connection.call(wrongByteCount, unit)).toEqual(exception(15, 3));

    const low = holding.points.level_low_sp;
    const lowValue = Math.round(config.process.level_low_sp_cm * 10) - 10;
    const one = Buffer.concat([pdu(['B', 16], ['H', low], ['H', 1], ['B', 2], ['H', lowValue])]);
    expect(await connection.call(one, unit)).toEqual(pdu(['B', 16], ['H', low], ['H', 1]));
    const countMismatch = pdu(['B', 16], ['H', low], ['H', 2], ['B', 2], ['H', 1]);
    expect(await connection.call(countMismatch, unit)).toEqual(exception(16, 3));
    const overLimit = pdu(
      ['B', 16],
      ['H', holding.points.dose_setpoint],
      ['H', 1],
      ['B', 2],
      ['H', limitRaw + 5],
    );
    expect(await connection.call(overLimit, unit)).toEqual(exception(16, 3));
    // The whole block holds the read-only limit: refused, and no register of it changes.
    const before = registers(await connection.call(read(3, holding.base, 8), unit));
    const changed = before.map((value, offset) =>
      holding.base + offset === holding.points.dose_setpoint ? 10 : value + 1,
    );
    const block = pdu(
      ['B', 16],
      ['H', holding.base],
      ['H', 8],
      ['B', 16],
      ...changed.map((value) => ['H', value] as const),
    );
    expect(await connection.call(block, unit)).toEqual(exception(16, 2));
    expect(registers(await connection.call(read(3, holding.base, 8), unit))).toEqual(before);
  });

  it('identifies itself (43/14): basic, streamed extended with more-follows, individual', async () => {
    const basic = await connection.call(Buffer.from([0x2b, 0x0e, 1, 0]), unit);
    expect(basic.subarray(0, 6)).toEqual(Buffer.from([0x2b, 0x0e, 1, 0x83, 0, 0]));
    expect(identificationObjects(basic)).toEqual(
      new Map([
        [0, config.identity.vendor],
        [1, config.identity.product_code],
        [2, config.identity.revision],
      ]),
    );
    // The extended stream does not fit one PDU: follow "more follows" to the end.
    const all = new Map<number, string>();
    let next = 0;
    let responses = 0;
    for (;;) {
      const response = await connection.call(Buffer.from([0x2b, 0x0e, 3, next]), unit);
      expect(response.length).toBeLessThanOrEqual(253);
      responses += 1;
      for (const [id, text] of identificationObjects(response)) all.set(id, text);
      if (response[4] !== 0xff) break;
      next = response[5] ?? 0;
    }
    expect(responses).toBeGreaterThan(1);
    expect(all.get(4)).toBe(config.identity.product_name);
    expect([...all.values()]).toContain(
      `LT-101 IR ${String(inputRegisters.points.level)} tank level, 0.1 cm`,
    );
    // The maintenance coil is not in the tag table: finding it is the attacker's work.
    expect([...all.values()].join('\n')).not.toContain(String(coils.points.maintenance));

    const single = await connection.call(Buffer.from([0x2b, 0x0e, 4, 1]), unit);
    expect(identificationObjects(single)).toEqual(new Map([[1, config.identity.product_code]]));
    expect(await connection.call(Buffer.from([0x2b, 0x0e, 4, 0x7f]), unit)).toEqual(
      exception(0x2b, 2),
    );
    expect(await connection.call(Buffer.from([0x2b, 0x0e, 5, 0]), unit)).toEqual(
      exception(0x2b, 3),
    );
    expect(await connection.call(Buffer.from([0x2b, 0x0d, 1, 0]), unit)).toEqual(
      exception(0x2b, 1),
    );
    // An unknown object id restarts the stream at the first object.
    expect(
      identificationObjects(await connection.call(Buffer.from([0x2b, 0x0e, 1, 0x42]), unit)).get(0),
    ).toBe(config.identity.vendor);
  });

  it('refuses unknown functions (1) and other unit ids (11), echoing the transaction id', async () => {
    for (const fc of [0x07, 0x08, 0x11, 0x17, 0x41, 0x7f])
      expect(await connection.call(Buffer.from([fc]), unit)).toEqual(exception(fc, 1));
    expect(await connection.call(read(3, holding.base, 1), (unit % 247) + 1)).toEqual(
      exception(3, 0x0b),
    );
    connection.sendRaw(connection.frame(read(3, holding.base, 1), unit, { transaction: 0xbeef }));
    expect((await connection.response())?.transaction).toBe(0xbeef);
  });

  it('answers pipelined requests in order', async () => {
    const frames = [1, 2, 3].map((transaction) =>
      connection.frame(read(4, inputRegisters.base, 1), unit, { transaction }),
    );
    connection.sendRaw(Buffer.concat(frames));
    for (const transaction of [1, 2, 3])
      expect((await connection.response())?.transaction).toBe(transaction);
  });

  it('survives malformed frames: skips other protocols, drops broken framing, keeps serving', async () => {
    const other = await ModbusConnection.open(port);
    other.sendRaw(other.frame(read(3, holding.base, 1), unit, { protocol: 7 }));
    expect(await other.response(300)).toBeUndefined(); // discarded, no answer
    expect(registers(await other.call(read(3, holding.base, 1), unit))).toHaveLength(1);

    for (const garbage of [
      Buffer.from([0, 1, 0, 0, 0x01, 0x2c, 1]), // length 300: more than a PDU can be
      Buffer.from([0, 1, 0, 0, 0, 1, 1]), // length 1: no function code
      Buffer.from('GET / HTTP/1.1\r\nHost: plc\r\n\r\n'),
    ]) {
      const broken = await ModbusConnection.open(port);
      broken.sendRaw(garbage);
      expect(await broken.response(1000)).toBeUndefined();
      await sleep(20);
      expect(broken.closed).toBe(true);
    }
    const cut = await ModbusConnection.open(port);
    cut.sendRaw(cut.frame(read(3, holding.base, 1), unit).subarray(0, 9)); // cut off mid-frame
    cut.close();

    expect(registers(await connection.call(read(3, holding.base, 1), unit))).toHaveLength(1);
    expect(server?.exitCode).toBeNull();
    other.close();
  });

  it('bypasses the interlock in maintenance mode and journals the breach', async () => {
    const maintenance = pdu(['B', 5], ['H', coils.points.maintenance], ['H', 0xff00]);
    expect(await connection.call(maintenance, unit)).toEqual(maintenance);
    expect(
      bits(await connection.call(read(2, inputs.points.maintenance_active, 1), unit), 1),
    ).toEqual([true]);
    const unsafe = pdu(['B', 6], ['H', holding.points.dose_setpoint], ['H', limitRaw + 20]);
    expect(await connection.call(unsafe, unit)).toEqual(unsafe);
    let events: PlcEvent[] = [];
    for (
      let tries = 0;
      tries < 50 && !events.some((event) => event.kind === 'breach');
      tries += 1
    ) {
      await sleep(20);
      events = await journal();
    }
    expect(events.find((event) => event.kind === 'mode')).toMatchObject({ maintenance: true });
    expect(events.find((event) => event.kind === 'breach')).toMatchObject({
      what: 'chlorine_dose',
      value: (limitRaw + 20) / 10,
      limit: limitRaw / 10,
      maintenance: true,
    });
  });
});
