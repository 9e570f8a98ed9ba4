// CRC-32 of the zip format over successive pieces: zlib's when Node has it (20.15+), else a table.
import { crc32 as zlibCrc32 } from 'node:zlib';

let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  if (table) return table;
  table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
}

/** The CRC-32 of `data` continuing from `previous` (0 for the first piece). */
export function crc32(data: Uint8Array, previous = 0): number {
  if (typeof zlibCrc32 === 'function') return zlibCrc32(data, previous);
  const t = crcTable();
  let c = (previous ^ 0xffffffff) >>> 0;
  for (const b of data) c = (t[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
