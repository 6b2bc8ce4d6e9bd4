/**
 * The address of a symbol in a 64-bit little-endian ELF file, read from its `.symtab`
 * (the programs are built unstripped). Undefined when the symbol or the table is missing.
 */
export function elfSymbolAddress(elf: Uint8Array, name: string): bigint | undefined {
  const view = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const isElf64 = view.getUint32(0) === 0x7f454c46 && elf[4] === 2 && elf[5] === 1;
  if (!isElf64) return undefined;
  const sectionsAt = Number(view.getBigUint64(0x28, true));
  const sectionSize = view.getUint16(0x3a, true);
  const sectionCount = view.getUint16(0x3c, true);
  const section = (index: number) => {
    const at = sectionsAt + index * sectionSize;
    return {
      type: view.getUint32(at + 4, true),
      offset: Number(view.getBigUint64(at + 0x18, true)),
      size: Number(view.getBigUint64(at + 0x20, true)),
      link: view.getUint32(at + 0x28, true),
      entrySize: Number(view.getBigUint64(at + 0x38, true)),
    };
  };
  const symtabType = 2;
  for (let index = 0; index < sectionCount; index += 1) {
    const table = section(index);
    if (table.type !== symtabType || table.entrySize === 0) continue;
    const strings = section(table.link);
    for (let at = table.offset; at < table.offset + table.size; at += table.entrySize) {
      const nameAt = strings.offset + view.getUint32(at, true);
      const end = elf.indexOf(0, nameAt);
      if (Buffer.from(elf.subarray(nameAt, end)).toString('latin1') === name)
        return view.getBigUint64(at + 8, true);
    }
  }
  return undefined;
}
