// `npm test`: runs the stages of scripts/test/stages.ts, each as soon as what it waits for has passed, at most
// LEVER_TEST_JOBS (default 2, the cores here) heavy ones at a time. Prints each stage's output when it ends, its
// time, the failing tests of every failed stage again (so a log's tail names them), a summary table, and a closing
// `N passed, N failed` line; exits non-zero if any stage failed.
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { stripVTControlCharacters } from "node:util";
import { failingSections } from "./failures.js";
import { stages, type Stage } from "./stages.js";

interface Result {
  stage: Stage;
  ok: boolean;
  seconds: number;
  passed: number;
  failed: number;
  output: string;
}

const JOBS = Number(process.env.LEVER_TEST_JOBS ?? 2);
const started = Date.now();
const elapsed = (since: number) => (Date.now() - since) / 1000;
const fmt = (s: number) => `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;

/** Test counts from a stage's output: hardhat's combined line ("N passing (a solidity, b mocha)") when there is
 * one, else the sum of the runners' own lines (mocha, solidity). */
export function counts(output: string): { passed: number; failed: number } {
  const text = stripVTControlCharacters(output);
  const total = (label: string) => {
    const combined = [...text.matchAll(new RegExp(`^\\s*(\\d+) ${label} \\(\\d+ [a-z]+(, \\d+ [a-z]+)*\\)`, "gm"))];
    if (combined.length > 0) return Number(combined.at(-1)![1]);
    return [...text.matchAll(new RegExp(`^\\s*(\\d+) ${label}\\b`, "gm"))].reduce((n, m) => n + Number(m[1]), 0);
  };
  return { passed: total("passing"), failed: total("failing") };
}

function run(stage: Stage): Promise<Result> {
  const t0 = Date.now();
  console.log(`[${fmt(elapsed(started))}] start ${stage.name} (load ${load()})`);
  return new Promise((resolve) => {
    const child = spawn(stage.argv[0], stage.argv.slice(1), {
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0", ...stage.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const finish = (ok: boolean) => {
      const seconds = elapsed(t0);
      console.log(
        `\n===== ${stage.name} (${ok ? "ok" : "FAILED"}, ${fmt(seconds)}): ${stage.argv.slice(0, 6).join(" ")}…`
      );
      process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
      resolve({ stage, ok, seconds, output, ...counts(output) });
    };
    child.on("error", (err) => {
      output += `${err.message}\n`;
      finish(false);
    });
    child.on("close", (code) => finish(code === 0));
  });
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

async function main(): Promise<void> {
  const pending = stages();
  const done = new Map<string, Result>();
  const running = new Map<string, { stage: Stage; result: Promise<Result> }>();
  const heavyRunning = () => [...running.values()].filter((r) => !r.stage.light).length;
  console.log(`npm test: ${pending.map((s) => s.name).join(", ")}; ${JOBS} heavy at a time; load ${load()}`);
  while (pending.length > 0 || running.size > 0) {
    for (const stage of [...pending]) {
      const failedDeps = stage.after.filter((a) => done.get(a)?.ok === false);
      if (failedDeps.length > 0) {
        pending.splice(pending.indexOf(stage), 1);
        done.set(stage.name, { stage, ok: false, seconds: 0, passed: 0, failed: 0, output: "" });
        console.log(`skip ${stage.name}: ${failedDeps.join(", ")} failed`);
      } else if (stage.after.every((a) => done.get(a)?.ok) && (stage.light || heavyRunning() < JOBS)) {
        pending.splice(pending.indexOf(stage), 1);
        running.set(stage.name, { stage, result: run(stage) });
      }
    }
    if (running.size === 0) continue;
    const result = await Promise.race([...running.values()].map((r) => r.result));
    running.delete(result.stage.name);
    done.set(result.stage.name, result);
  }

  const results = [...done.values()];
  for (const r of results.filter((r) => !r.ok)) {
    const sections = failingSections(r.output);
    if (sections.length > 0) console.log(`\n===== what failed in ${r.stage.name}\n${sections.join("\n\n")}`);
  }
  console.log(`\n===== npm test: ${fmt(elapsed(started))} wall, load ${load()}`);
  for (const r of results) {
    const tests = r.passed + r.failed > 0 ? `  ${r.passed} passed, ${r.failed} failed` : "";
    console.log(`${r.ok ? "ok    " : "FAILED"} ${r.stage.name.padEnd(15)} ${fmt(r.seconds).padStart(7)}${tests}`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const broken = results.filter((r) => !r.ok).map((r) => r.stage.name);
  console.log(`${passed} passed, ${failed} failed${broken.length > 0 ? ` (failed: ${broken.join(", ")})` : ""}`);
  process.exitCode = broken.length > 0 || failed > 0 ? 1 : 0;
}

await main();
