/**
 * Python source of `frames(pcap bytes)`, for reference solutions: yields each IPv4 packet of
 * an Ethernet pcap as (protocol, source, destination, transport bytes). Standard library only.
 */
export const pythonPcapReader = `import struct

def frames(capture):
    at = 24
    while at + 16 <= len(capture):
        length, = struct.unpack_from("<I", capture, at + 8)
        frame = capture[at + 16:at + 16 + length]
        at += 16 + length
        if frame[12:14] != b"\\x08\\x00":
            continue
        ip = frame[14:]
        header = (ip[0] & 15) * 4
        total, = struct.unpack_from(">H", ip, 2)
        yield ip[9], ".".join(map(str, ip[12:16])), ".".join(map(str, ip[16:20])), ip[header:total]
`;
