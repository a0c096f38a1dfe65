// `npm run simulate` options: commander hands over strings, this schema turns them into checked values
// and fails with one line naming the flag.
import { z } from "zod/v4";
import { DAY_SECONDS } from "./path.js";

const num = (flag: string, check: (x: number) => boolean, want: string) =>
  z.string().transform((s, ctx) => {
    const x = Number(s);
    if (s.trim() === "" || !Number.isFinite(x) || !check(x)) {
      ctx.addIssue({ code: "custom", message: `${flag}: expected ${want}, got "${s}"` });
      return z.NEVER;
    }
    return x;
  });

const opt = <T extends z.ZodType>(t: T) => t.optional();

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: DAY_SECONDS };

/** "24h", "8h", "90m", "1d", "3600s" or plain seconds. */
export function parseDuration(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(s.trim());
  if (!m) return undefined;
  const seconds = Number(m[1]) * (UNITS[m[2] || "s"] ?? 1);
  return Number.isInteger(seconds) ? seconds : undefined;
}

export const simulateOptionsSchema = z
  .object({
    prices: z.string().optional(),
    priceColumn: z.string().min(1).optional(),
    timeColumn: z.string().min(1).optional(),
    compare: z.string().optional(),
    fli: z.boolean().default(false),
    funding: z
      .string()
      .default("0")
      .transform((s) => (s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : s)),
    gbm: z.boolean().default(false),
    sigma: num("--sigma", (x) => x > 0 && x <= 5, "a volatility in (0, 5], e.g. 0.8"),
    days: num("--days", (x) => Number.isInteger(x) && x > 0, "a positive whole number of days"),
    stepsPerDay: num(
      "--steps-per-day",
      (x) => Number.isInteger(x) && x > 0 && DAY_SECONDS % x === 0,
      "a divisor of 86400, e.g. 24"
    ),
    seed: num("--seed", (x) => Number.isInteger(x) && x >= 0, "a non-negative integer"),
    startPrice: num("--start-price", (x) => x > 0, "a positive price"),
    leverage: opt(num("--leverage", (x) => x >= 1 && x <= 10, "a target leverage between 1 and 10")),
    short: z.boolean().default(false),
    band: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (s === undefined) return undefined;
        const parts = s.split(",").map(Number);
        if (
          parts.length !== 2 ||
          parts.some((x) => !Number.isFinite(x) || x <= 0) ||
          parts[0] >= parts[1] ||
          parts[1] >= 15
        ) {
          ctx.addIssue({ code: "custom", message: `--band: expected "min,max" with 0 < min < max < 15, got "${s}"` });
          return z.NEVER;
        }
        return parts as [number, number];
      }),
    interval: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (s === undefined) return undefined;
        const seconds = parseDuration(s);
        if (seconds === undefined || seconds < 3600 || seconds > 30 * DAY_SECONDS) {
          ctx.addIssue({
            code: "custom",
            message: `--interval: expected a duration between 1h and 30d such as 24h or 8h, got "${s}"`,
          });
          return z.NEVER;
        }
        return seconds;
      }),
    mintFee: opt(num("--mint-fee", (x) => Number.isInteger(x) && x >= 0 && x <= 100, "basis points between 0 and 100")),
    streamingFee: opt(
      num("--streaming-fee", (x) => x >= 0 && x <= 0.05, "an annual rate between 0 and 0.05, e.g. 0.02")
    ),
    takerFee: opt(
      num("--taker-fee", (x) => Number.isInteger(x) && x >= 0 && x <= 100, "basis points between 0 and 100")
    ),
    amount: num("--amount", (x) => x > 0 && x <= 1_000_000, "a USDC amount between 0 and 1,000,000"),
    out: z.string().min(1),
    savePath: z.string().optional(),
  })
  .superRefine((o, ctx) => {
    if (!o.prices === !o.gbm) ctx.addIssue({ code: "custom", message: "give either --prices <csv> or --gbm" });
    if (typeof o.funding === "number" && Math.abs(o.funding) > 5) {
      ctx.addIssue({
        code: "custom",
        message: `--funding: expected an annual rate between -5 and 5 or a CSV file, got "${o.funding}"`,
      });
    }
    if (o.fli && (o.short || (o.leverage !== undefined && o.leverage !== 2)))
      ctx.addIssue({ code: "custom", message: "--fli is a 2x long: drop --short and --leverage" });
    const leverage = o.leverage ?? (o.fli ? 2 : 3);
    if (o.band && (o.band[0] > leverage || o.band[1] < leverage)) {
      ctx.addIssue({
        code: "custom",
        message: `--band ${o.band.join(",")} must contain the target leverage ${leverage}`,
      });
    }
  })
  .transform((o) => ({ ...o, leverage: o.leverage ?? (o.fli ? 2 : 3) }));

export type SimulateOptions = z.output<typeof simulateOptionsSchema>;

/** Checked options, or an Error whose message is the first problem. */
export function parseSimulateOptions(raw: Record<string, unknown>): SimulateOptions {
  const r = simulateOptionsSchema.safeParse(raw);
  if (!r.success) throw new Error(r.error.issues[0].message);
  return r.data;
}
