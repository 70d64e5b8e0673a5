import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DataError } from "../../../src/errors.js";
import { decode, encodingFromName } from "../../../src/ingest/decode.js";

const FILE = "export.csv";

/** Text → UTF-16BE bytes (Node has no utf16be encoder: swap the bytes of utf16le). */
function utf16be(text: string): Buffer {
  const le = Buffer.from(text, "utf16le");
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("decode: byte order marks", () => {
  it("UTF-8 BOM: stripped, strict UTF-8 text", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Fälligkeit;Betrag\r\n07.12.2025;83,00-\r\n", "utf8")]);
    const d = decode(bytes, FILE);
    expect(d).toEqual({ text: "Fälligkeit;Betrag\r\n07.12.2025;83,00-\r\n", encoding: "utf-8", reason: "UTF-8 byte order mark" });
  });

  it("UTF-8 BOM followed by non-UTF-8 bytes: DataError naming the line", () => {
    // line 3 holds a Windows-1252 é (0xE9), invalid in UTF-8
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from("a;b\r\n1;2\r\nD", "latin1"),
      Buffer.from([0xe9]),
      Buffer.from("bit;3\r\n", "latin1"),
    ]);
    const e = thrown(() => decode(bytes, FILE));
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toBe("export.csv:3: the file starts with a UTF-8 byte order mark but line 3 contains bytes that are not UTF-8.");
    expect((e as DataError).location).toEqual({ file: FILE, line: 3 });
  });

  it("UTF-16LE BOM", () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Montant dû;€\r\n12,50;x", "utf16le")]);
    expect(decode(bytes, FILE)).toEqual({ text: "Montant dû;€\r\n12,50;x", encoding: "utf-16le", reason: "UTF-16LE byte order mark" });
  });

  it("UTF-16BE BOM", () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be("Vervaldatum\tOpenstaand €\n")]);
    expect(decode(bytes, FILE)).toEqual({ text: "Vervaldatum\tOpenstaand €\n", encoding: "utf-16be", reason: "UTF-16BE byte order mark" });
  });
});

describe("decode: no BOM", () => {
  it("valid UTF-8 stays UTF-8 (é is two bytes, € three)", () => {
    const bytes = Buffer.from("Nom;Montant\nCafé du Nord;1 234,00 €\n", "utf8");
    expect(bytes.length).toBe(39); // 36 characters, + 1 byte for é, + 2 for €
    const d = decode(bytes, FILE);
    expect(d.text).toBe("Nom;Montant\nCafé du Nord;1 234,00 €\n");
    expect(d.encoding).toBe("utf-8");
    expect(d.reason).toBe("valid UTF-8");
  });

  it("invalid UTF-8 falls back to Windows-1252: é = 0xE9, € = 0x80, NBSP = 0xA0", () => {
    const bytes = Buffer.from([
      ...Buffer.from("Date d'", "latin1"), 0xe9, ...Buffer.from("ch", "latin1"), 0xe9, ...Buffer.from("ance;Montant\r\n", "latin1"),
      ...Buffer.from("07/12/2025;213", "latin1"), 0xa0, ...Buffer.from("879,76 ", "latin1"), 0x80, 0x0d, 0x0a,
    ]);
    const d = decode(bytes, FILE);
    expect(d.encoding).toBe("windows-1252");
    expect(d.text).toBe("Date d'échéance;Montant\r\n07/12/2025;213\u00a0879,76 €\r\n");
    expect(d.reason).toBe("not UTF-8, so Windows-1252 (Excel's ANSI CSV)");
  });

  it("a FEC header that is not UTF-8 is read as ISO-8859-15: 0xA4 is €, not ¤", () => {
    const header = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\r\n";
    const bytes = Buffer.from([
      ...Buffer.from(header, "latin1"),
      ...Buffer.from("VE\tVentes\t1\t20260105\t411000\tClients ", "latin1"), 0xa4, 0x20, 0xe9, 0x0d, 0x0a,
    ]);
    const d = decode(bytes, "FEC.txt");
    expect(d.encoding).toBe("iso-8859-15");
    expect(d.text).toBe(header + "VE\tVentes\t1\t20260105\t411000\tClients € é\r\n");
    expect(d.reason).toContain("FEC header");
  });

  it("the same 0xA4 byte outside a FEC is Windows-1252 ¤", () => {
    const bytes = Buffer.from([...Buffer.from("Devise;Note\r\nEUR;", "latin1"), 0xa4, 0x0d, 0x0a]);
    const d = decode(bytes, FILE);
    expect(d.encoding).toBe("windows-1252");
    expect(d.text).toBe("Devise;Note\r\nEUR;¤\r\n");
  });

  it("UTF-16LE without BOM is recognised by its zero bytes", () => {
    const text = "Customer ID\tAmount\r\nC001\t12.50\r\nC002\t7.00\r\n";
    const d = decode(Buffer.from(text, "utf16le"), FILE);
    expect(d).toEqual({ text, encoding: "utf-16le", reason: "UTF-16 without byte order mark (zero bytes)" });
  });

  it("UTF-16BE without BOM too", () => {
    const text = "Kundennummer;Betrag\r\nC001;1,00\r\n";
    const d = decode(utf16be(text), FILE);
    expect(d.encoding).toBe("utf-16be");
    expect(d.text).toBe(text);
  });
});

describe("decode: refusals", () => {
  it("an empty file is a DataError", () => {
    const e = thrown(() => decode(Buffer.alloc(0), FILE));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe("export.csv: the file is empty.");
    expect((e as DataError).exitCode).toBe(3);
  });

  it("an empty file is refused even with a forced encoding", () => {
    expect(() => decode(Buffer.alloc(0), FILE, "windows-1252")).toThrow(DataError);
  });

  it("a zip archive (an .xlsx renamed .csv) is refused as such", () => {
    const bytes = fs.readFileSync(new URL("../../../fixtures/nl-exact/facturen.xlsx", import.meta.url));
    expect(bytes[0]).toBe(0x50);
    const e = thrown(() => decode(bytes, "facturen.csv"));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe("facturen.csv: this is a zip archive (an .xlsx workbook?), not a text export.");
    expect((e as DataError).hint).toBe("Give the file an .xlsx extension, or export it as CSV.");
  });

  it("a minimal zip header with NULs is refused too", () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, ...Buffer.from("[Content_Types].xml")]);
    expect(() => decode(bytes, FILE)).toThrow(/zip archive/);
  });

  it("text with scattered NUL bytes is binary data", () => {
    const bytes = Buffer.from("abc\u0000\u0000def\u0000ghij\u0000k,l;m\nnop\u0000\u0000qr\n", "latin1");
    const e = thrown(() => decode(bytes, FILE));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe("export.csv: this is binary data, not a text export.");
  });

  it("an old .xls (OLE) header is named", () => {
    const bytes = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 0, 0, 0, 0, 0x3e, 0, 3, 0]);
    expect(() => decode(bytes, "old.csv")).toThrow("old.csv: this is an old Excel .xls workbook, not a text export.");
  });

  it("a single stray control character in a long file is tolerated", () => {
    const text = "a;b\n" + "x;y\n".repeat(100) + "\u0007z;w\n";
    expect(decode(Buffer.from(text, "latin1"), FILE).text).toBe(text);
  });
});

describe("decode: forced encoding", () => {
  it("the mapping file's encoding wins over valid UTF-8", () => {
    const bytes = Buffer.from("é", "utf8"); // C3 A9
    const d = decode(bytes, FILE, "windows-1252");
    expect(d).toEqual({ text: "Ã©", encoding: "windows-1252", reason: "given in the mapping file" });
  });

  it("forced ISO-8859-15 reads 0xA4 as €", () => {
    expect(decode(Buffer.from([0x31, 0x30, 0x20, 0xa4]), FILE, "iso-8859-15").text).toBe("10 €");
  });

  it("forced UTF-8 strips a BOM", () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x3b, 0x62]);
    expect(decode(bytes, FILE, "utf-8").text).toBe("a;b");
  });

  it("forced UTF-16LE on BOM-less bytes", () => {
    expect(decode(Buffer.from("Naam\tBedrag", "utf16le"), FILE, "utf-16le").text).toBe("Naam\tBedrag");
  });
});

describe("encodingFromName", () => {
  it.each([
    ["UTF8", "utf-8"],
    ["utf-8-bom", "utf-8"],
    ["cp1252", "windows-1252"],
    ["ANSI", "windows-1252"],
    ["Windows-1252", "windows-1252"],
    ["ISO-8859-1", "windows-1252"],
    ["latin9", "iso-8859-15"],
    ["ISO_8859-15", "iso-8859-15"],
    ["Unicode", "utf-16le"],
    ["UTF-16BE", "utf-16be"],
  ])("%s → %s", (name, encoding) => {
    expect(encodingFromName(name)).toBe(encoding);
  });

  it("unknown names give null", () => {
    expect(encodingFromName("ebcdic")).toBeNull();
    expect(encodingFromName("")).toBeNull();
  });
});
