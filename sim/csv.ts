// Reads a `timestamp,price` CSV into a PricePath. Every problem is reported with the line it is on.
// Timestamps: unix seconds or an ISO 8601 date; strictly increasing. Prices: positive numbers.
// Blank lines and lines starting with '#' are ignored; extra columns are allowed.
import { readFile } from "node:fs/promises";
import { z } from "zod/v4";
import type { PricePath } from "./path.js";

export class PriceCsvError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(line === undefined ? `${file}: ${detail}` : `${file} line ${line}: ${detail}`);
    this.name = "PriceCsvError";
  }
}

const timestamp = z
  .string()
  .trim()
  .min(1, "timestamp is empty")
  .transform((s, ctx) => {
    const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s) / 1000;
    if (!Number.isSafeInteger(t)) {
      ctx.addIssue({ code: "custom", message: `timestamp "${s}" is neither unix seconds nor an ISO 8601 date` });
      return z.NEVER;
    }
    return t;
  });

const price = z
  .string()
  .trim()
  .min(1, "price is empty")
  .transform((s, ctx) => {
    const p = Number(s);
    if (!Number.isFinite(p) || p <= 0) {
      ctx.addIssue({ code: "custom", message: `price must be a positive number, got "${s}"` });
      return z.NEVER;
    }
    return p;
  });

const row = z.object({ timestamp, price });

export function parsePriceCsv(text: string, file = "<csv>"): PricePath {
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  let timeCol = -1;
  let priceCol = -1;
  const times: number[] = [];
  const prices: number[] = [];
  let lastLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    const lineNo = i + 1;
    if (raw === "" || raw.startsWith("#")) continue;
    const cells = raw.split(",");
    if (!header) {
      header = cells.map((c) => c.trim().toLowerCase());
      timeCol = header.indexOf("timestamp");
      priceCol = header.indexOf("price");
      const missing = [timeCol === -1 && "timestamp", priceCol === -1 && "price"].filter(Boolean);
      if (missing.length) {
        throw new PriceCsvError(file, lineNo, `missing column ${missing.map((m) => `"${m}"`).join(" and ")} in header "${raw}"`);
      }
      continue;
    }
    if (cells.length !== header.length) {
      throw new PriceCsvError(file, lineNo, `expected ${header.length} columns, found ${cells.length}`);
    }
    const parsed = row.safeParse({ timestamp: cells[timeCol], price: cells[priceCol] });
    if (!parsed.success) throw new PriceCsvError(file, lineNo, parsed.error.issues[0].message);
    const { timestamp: t, price: p } = parsed.data;
    if (times.length && t <= times[times.length - 1]) {
      throw new PriceCsvError(
        file,
        lineNo,
        `timestamps must be strictly increasing: ${t} is not after ${times[times.length - 1]} (line ${lastLine})`,
      );
    }
    times.push(t);
    prices.push(p);
    lastLine = lineNo;
  }
  if (!header) throw new PriceCsvError(file, undefined, `no header line "timestamp,price"`);
  if (times.length < 2) throw new PriceCsvError(file, undefined, `need at least 2 prices, found ${times.length}`);
  return { source: file, times, prices };
}

export async function readPriceCsv(file: string): Promise<PricePath> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new PriceCsvError(file, undefined, `cannot read: ${(e as Error).message}`);
  }
  return parsePriceCsv(text, file);
}
