import { zlibSync } from 'fflate';

// The connector icon the solution format carries (Connector/<name>_iconblob.Png), drawn here so
// that no binary is downloaded or committed: a 230×230 square in the brand colour with a lighter
// 160×160 square inside (the certification guidance's proportions, power-platform-formats.md §1.5).
// Same input, same bytes on every machine: the zlib stream comes from fflate (pure JavaScript), not
// from the system zlib, whose output may differ between versions.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)];
}

export function iconPng(brandColor: string, size = 230, inner = 160): Buffer {
  const outer = rgb(brandColor);
  const light = outer.map((c) => Math.round(c + (255 - c) * 0.35)) as [number, number, number];
  const start = Math.floor((size - inner) / 2);
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB
    for (let x = 0; x < size; x += 1) {
      const inside = x >= start && x < start + inner && y >= start && y < start + inner;
      const [r, g, b] = inside ? light : outer;
      row[1 + x * 3] = r;
      row[2 + x * 3] = g;
      row[3 + x * 3] = b;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour, not transparent
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', Buffer.from(zlibSync(Buffer.concat(rows), { level: 9 }))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
