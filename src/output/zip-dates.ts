/**
 * Dates every entry of a zip file written by us at one day (its DOS date and time, in the
 * local headers and the central directory), so that two runs on the same inputs give the
 * same bytes: exceljs's zip writer stamps each part with the time of writing and offers
 * no option for it. Patched in place, a few bytes per entry; archives with ZIP64 records
 * (over 4 GiB or 65,535 entries, which no workbook of ours reaches) are left as they are.
 */
import { open } from "node:fs/promises";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

/** A date as the zip format stores it: DOS time and date words (UTC, to 2 seconds). */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

export async function stampZipEntries(file: string, when: Date): Promise<void> {
  const handle = await open(file, "r+");
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, EOCD_MIN + MAX_COMMENT);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = tailLength - EOCD_MIN;
    while (eocd >= 0 && tail.readUInt32LE(eocd) !== EOCD) eocd--;
    if (eocd < 0) return;
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff || cdOffset + cdSize > size) return;
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    const stamp = Buffer.alloc(4);
    const dos = dosDateTime(when);
    stamp.writeUInt16LE(dos.time, 0);
    stamp.writeUInt16LE(dos.date, 2);
    const signature = Buffer.alloc(4);
    let p = 0;
    for (let n = 0; n < count && p + 46 <= cdSize; n++) {
      if (cd.readUInt32LE(p) !== CENTRAL) return;
      const local = cd.readUInt32LE(p + 42);
      await handle.read(signature, 0, 4, local);
      if (signature.readUInt32LE(0) !== LOCAL) return;
      await handle.write(stamp, 0, 4, cdOffset + p + 12);
      await handle.write(stamp, 0, 4, local + 10);
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
  } finally {
    await handle.close();
  }
}
