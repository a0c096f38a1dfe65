// Reads a price CSV into a PricePath with csv-parse. Every problem is reported with the line it is on.
// Columns: a time column (`timestamp` by default: unix seconds, unix milliseconds as CoinGecko writes them, or an
// ISO 8601 date) and a price column (`price` by default; `--price-column` picks another). Times strictly
// increase; prices are positive; quoted fields ("1/1/2021, 12:00:00 AM") are fine; `#` lines and blank lines are
// skipped; other columns are ignored.
// Steps: the path's regular step is its median spacing. A step more than 1.5 times that is a gap and an error. A
// last row less than one regular step after the row before (CoinGecko's intraday snapshot, 13:45 on the last day of
// a daily file) is dropped and the path says so in `dropped`: it is not a step of the path. Anywhere else a short
// step is kept (a path may be irregular, the replay takes each row's own time).
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { PricePath } from "./path.js";

export class PriceCsvError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string
  ) {
    super(line === undefined ? `${file}: ${detail}` : `${file} line ${line}: ${detail}`);
    this.name = "PriceCsvError";
  }
}

export interface PriceCsvOptions {
  /** Column holding the price; default `price`. */
  priceColumn?: string;
  /** Column holding the time; default `timestamp`. */
  timeColumn?: string;
}

/** Unix seconds from a cell: digits up to 11 long are seconds, 12 or more (after 1973 in ms) milliseconds; else ISO. */
function toSeconds(s: string): number | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    const t = s.length >= 12 ? n / 1000 : n;
    return Number.isSafeInteger(t) ? t : undefined;
  }
  const ms = Date.parse(s);
  return Number.isFinite(ms) && ms % 1000 === 0 ? ms / 1000 : undefined;
}

interface Row {
  line: number;
  time: number;
  price: number;
}

export function parsePriceCsv(text: string, file = "<csv>", o: PriceCsvOptions = {}): PricePath {
  const timeColumn = o.timeColumn ?? "timestamp";
  const priceColumn = o.priceColumn ?? "price";
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      comment: "#",
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new PriceCsvError(
      file,
      err.lines,
      err.message.replace(
        /^Invalid Record Length: expect (\d+), got (\d+) on line \d+$/,
        "expected $1 columns, found $2"
      )
    );
  }
  if (!records.length)
    throw new PriceCsvError(file, undefined, `no header line with "${timeColumn}" and "${priceColumn}"`);
  const [head, ...body] = records;
  const header = head.record.map((c) => c.toLowerCase());
  const timeCol = header.indexOf(timeColumn.toLowerCase());
  const priceCol = header.indexOf(priceColumn.toLowerCase());
  const missing = [timeCol === -1 && timeColumn, priceCol === -1 && priceColumn].filter(Boolean);
  if (missing.length) {
    throw new PriceCsvError(
      file,
      head.info.lines,
      `missing column ${missing.map((m) => `"${m}"`).join(" and ")} in header "${head.record.join(",")}"`
    );
  }
  const rows: Row[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    const [t, p] = [record[timeCol], record[priceCol]];
    if (t === "") throw new PriceCsvError(file, line, "timestamp is empty");
    const time = toSeconds(t);
    if (time === undefined)
      throw new PriceCsvError(file, line, `timestamp "${t}" is neither unix seconds/milliseconds nor an ISO 8601 date`);
    const price = Number(p);
    if (p === "" || !Number.isFinite(price) || price <= 0)
      throw new PriceCsvError(file, line, `price must be a positive number, got "${p}"`);
    const prev = rows[rows.length - 1];
    if (prev && time <= prev.time) {
      throw new PriceCsvError(
        file,
        line,
        `timestamps must be strictly increasing: ${time} is not after ${prev.time} (line ${prev.line})`
      );
    }
    rows.push({ line, time, price });
  }
  if (rows.length < 2) throw new PriceCsvError(file, undefined, `need at least 2 prices, found ${rows.length}`);
  return checkSteps(rows, file);
}

function checkSteps(rows: Row[], file: string): PricePath {
  const gaps = rows.slice(1).map((r, i) => r.time - rows[i].time);
  const step = [...gaps].sort((a, b) => a - b)[gaps.length >> 1];
  for (let i = 0; i < gaps.length; i++) {
    if (gaps[i] > 1.5 * step) {
      throw new PriceCsvError(
        file,
        rows[i + 1].line,
        `gap: ${gaps[i]} s since line ${rows[i].line}, the path's step is ${step} s (a missing row?)`
      );
    }
  }
  let dropped: PricePath["dropped"];
  if (rows.length > 2 && gaps[gaps.length - 1] < step) {
    const last = rows.pop()!;
    dropped = {
      line: last.line,
      time: last.time,
      reason: `${gaps[gaps.length - 1]} s after the row before, less than the path's step of ${step} s`,
    };
  }
  return { source: file, times: rows.map((r) => r.time), prices: rows.map((r) => r.price), dropped };
}

export async function readPriceCsv(file: string, o: PriceCsvOptions = {}): Promise<PricePath> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new PriceCsvError(file, undefined, `cannot read: ${(e as Error).message}`);
  }
  return parsePriceCsv(text, file, o);
}
