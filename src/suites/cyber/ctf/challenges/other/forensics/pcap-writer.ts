/**
 * A minimal writer of classic pcap files (Ethernet, IPv4, TCP and UDP with valid checksums),
 * enough for the forensics challenges to build captures per instance. Times are seconds.
 */

export interface CapturedFrame {
  readonly time: number;
  readonly frame: Uint8Array;
}

export interface Endpoint {
  readonly ip: string;
  readonly port: number;
}

export const tcpFlags = { fin: 0x01, syn: 0x02, rst: 0x04, psh: 0x08, ack: 0x10 } as const;

function ipBytes(ip: string): number[] {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255))
    throw new RangeError(`not an IPv4 address: ${ip}`);
  return parts;
}

/** The Internet checksum (RFC 1071) of `data`. */
function checksum(data: Uint8Array): number {
  let sum = 0;
  for (let at = 0; at < data.length; at += 2) sum += ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function macOf(ip: string): number[] {
  return [0x02, 0x42, ...ipBytes(ip)];
}

/** Ethernet + IPv4 around a transport segment (protocol 6 TCP, 17 UDP). */
function ipv4Frame(protocol: number, source: string, destination: string, segment: Uint8Array) {
  const header = new Uint8Array(20);
  const view = new DataView(header.buffer);
  header[0] = 0x45;
  view.setUint16(2, 20 + segment.length);
  view.setUint16(4, checksum(segment)); // any value will do; this one is deterministic
  view.setUint16(6, 0x4000); // don't fragment
  header[8] = 64;
  header[9] = protocol;
  header.set(ipBytes(source), 12);
  header.set(ipBytes(destination), 16);
  view.setUint16(10, checksum(header));
  const frame = new Uint8Array(14 + 20 + segment.length);
  frame.set(macOf(destination), 0);
  frame.set(macOf(source), 6);
  frame.set([0x08, 0x00], 12);
  frame.set(header, 14);
  frame.set(segment, 34);
  return frame;
}

/** The transport checksum over the IPv4 pseudo-header and the segment. */
function transportChecksum(
  protocol: number,
  source: string,
  destination: string,
  segment: Uint8Array,
) {
  const pseudo = new Uint8Array(12 + segment.length + (segment.length % 2));
  pseudo.set(ipBytes(source), 0);
  pseudo.set(ipBytes(destination), 4);
  pseudo[9] = protocol;
  new DataView(pseudo.buffer).setUint16(10, segment.length);
  pseudo.set(segment, 12);
  return checksum(pseudo);
}

export interface TcpSegment {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly seq: number;
  readonly ack: number;
  readonly flags: number;
  readonly payload?: Uint8Array;
}

export function tcpFrame(segment: TcpSegment): Uint8Array {
  const payload = segment.payload ?? new Uint8Array();
  const tcp = new Uint8Array(20 + payload.length);
  const view = new DataView(tcp.buffer);
  view.setUint16(0, segment.from.port);
  view.setUint16(2, segment.to.port);
  view.setUint32(4, segment.seq >>> 0);
  view.setUint32(8, segment.ack >>> 0);
  tcp[12] = 5 << 4;
  tcp[13] = segment.flags;
  view.setUint16(14, 64240);
  tcp.set(payload, 20);
  view.setUint16(16, transportChecksum(6, segment.from.ip, segment.to.ip, tcp));
  return ipv4Frame(6, segment.from.ip, segment.to.ip, tcp);
}

export function udpFrame(from: Endpoint, to: Endpoint, payload: Uint8Array): Uint8Array {
  const udp = new Uint8Array(8 + payload.length);
  const view = new DataView(udp.buffer);
  view.setUint16(0, from.port);
  view.setUint16(2, to.port);
  view.setUint16(4, udp.length);
  udp.set(payload, 8);
  view.setUint16(6, transportChecksum(17, from.ip, to.ip, udp) || 0xffff);
  return ipv4Frame(17, from.ip, to.ip, udp);
}

/** A pcap file (microsecond timestamps, link type Ethernet) of frames in time order. */
export function pcapFile(frames: readonly CapturedFrame[]): Uint8Array {
  const sorted = [...frames].sort((a, b) => a.time - b.time);
  const size = 24 + sorted.reduce((total, { frame }) => total + 16 + frame.length, 0);
  const file = new Uint8Array(size);
  const view = new DataView(file.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 65535, true);
  view.setUint32(20, 1, true);
  let at = 24;
  for (const { time, frame } of sorted) {
    const seconds = Math.floor(time);
    view.setUint32(at, seconds, true);
    view.setUint32(at + 4, Math.round((time - seconds) * 1e6), true);
    view.setUint32(at + 8, frame.length, true);
    view.setUint32(at + 12, frame.length, true);
    file.set(frame, at + 16);
    at += 16 + frame.length;
  }
  return file;
}

/**
 * One whole TCP connection: handshake, the client's data in the given segments (each at its
 * own time, so a caller can reorder or repeat them), the server's acknowledgements, and close.
 * `chunks` are consecutive pieces of the client's bytes; `order` is the capture order of their
 * indexes (an index twice is a retransmission).
 */
export function tcpConnection(options: {
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly start: number;
  readonly chunks: readonly Uint8Array[];
  readonly order?: readonly number[];
  readonly serverReply?: Uint8Array;
  readonly clientIsn: number;
  readonly serverIsn: number;
}): CapturedFrame[] {
  const { client, server, chunks } = options;
  const frames: CapturedFrame[] = [];
  let time = options.start;
  const next = () => (time += 0.001 + ((frames.length * 7919) % 13) / 1000);
  const clientIsn = options.clientIsn >>> 0;
  const serverIsn = options.serverIsn >>> 0;
  frames.push({
    time: next(),
    frame: tcpFrame({ from: client, to: server, seq: clientIsn, ack: 0, flags: tcpFlags.syn }),
  });
  frames.push({
    time: next(),
    frame: tcpFrame({
      from: server,
      to: client,
      seq: serverIsn,
      ack: clientIsn + 1,
      flags: tcpFlags.syn | tcpFlags.ack,
    }),
  });
  frames.push({
    time: next(),
    frame: tcpFrame({
      from: client,
      to: server,
      seq: clientIsn + 1,
      ack: serverIsn + 1,
      flags: tcpFlags.ack,
    }),
  });
  const offsets: number[] = [];
  let sent = 0;
  for (const chunk of chunks) {
    offsets.push(sent);
    sent += chunk.length;
  }
  const reply = options.serverReply ?? new Uint8Array();
  for (const index of options.order ?? chunks.map((_, position) => position)) {
    const chunk = chunks[index];
    if (chunk === undefined) continue;
    const seq = clientIsn + 1 + (offsets[index] ?? 0);
    frames.push({
      time: next(),
      frame: tcpFrame({
        from: client,
        to: server,
        seq,
        ack: serverIsn + 1,
        flags: tcpFlags.psh | tcpFlags.ack,
        payload: chunk,
      }),
    });
    frames.push({
      time: next(),
      frame: tcpFrame({
        from: server,
        to: client,
        seq: serverIsn + 1,
        ack: seq + chunk.length,
        flags: tcpFlags.ack,
      }),
    });
  }
  if (reply.length > 0)
    frames.push({
      time: next(),
      frame: tcpFrame({
        from: server,
        to: client,
        seq: serverIsn + 1,
        ack: clientIsn + 1 + sent,
        flags: tcpFlags.psh | tcpFlags.ack,
        payload: reply,
      }),
    });
  const clientEnd = clientIsn + 1 + sent;
  const serverEnd = serverIsn + 1 + reply.length;
  frames.push({
    time: next(),
    frame: tcpFrame({
      from: client,
      to: server,
      seq: clientEnd,
      ack: serverEnd,
      flags: tcpFlags.fin | tcpFlags.ack,
    }),
  });
  frames.push({
    time: next(),
    frame: tcpFrame({
      from: server,
      to: client,
      seq: serverEnd,
      ack: clientEnd + 1,
      flags: tcpFlags.fin | tcpFlags.ack,
    }),
  });
  frames.push({
    time: next(),
    frame: tcpFrame({
      from: client,
      to: server,
      seq: clientEnd + 1,
      ack: serverEnd + 1,
      flags: tcpFlags.ack,
    }),
  });
  return frames;
}

/** A DNS query (A record) or its NXDOMAIN answer, as a UDP payload. */
export function dnsMessage(id: number, name: string, response: boolean): Uint8Array {
  const labels = name.split('.').filter((label) => label !== '');
  const question: number[] = [];
  for (const label of labels) {
    if (label.length > 63) throw new RangeError(`DNS label longer than 63 bytes: ${label}`);
    question.push(label.length, ...Buffer.from(label, 'ascii'));
  }
  question.push(0, 0x00, 0x01, 0x00, 0x01);
  const header = [
    id >> 8,
    id & 0xff,
    response ? 0x81 : 0x01,
    response ? 0x83 : 0x00,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  return new Uint8Array([...header, ...question]);
}
