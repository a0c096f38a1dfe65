// deploy/systemd/lever-keeper.service: systemd accepts it (systemd-analyze verify, where it exists), it runs node
// itself (not npm, so SIGTERM reaches the keeper), its keeper flags are real ones, and its restart policy matches
// the keeper's exit codes.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../helpers/keeper.js";
import { buildProgram, EXIT_CONFIG } from "../../keeper/main.js";

const UNIT = path.join(ROOT, "deploy/systemd/lever-keeper.service");
const text = readFileSync(UNIT, "utf8");
const setting = (key: string) =>
  text
    .split("\n")
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));
const hasAnalyze = spawnSync("systemd-analyze", ["--version"]).status === 0;

/** systemd-analyze verify of `unitText`, saved as lever-keeper.service; node's path made real if it is not. */
function verify(unitText: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "keeper-unit-"));
  try {
    const file = path.join(dir, "lever-keeper.service");
    const node = existsSync("/usr/bin/node") ? "/usr/bin/node" : process.execPath; // the unit's path is an example
    writeFileSync(file, unitText.replace("ExecStart=/usr/bin/node", `ExecStart=${node}`));
    return spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("deploy/systemd/lever-keeper.service", () => {
  it("passes systemd-analyze verify, and a broken copy does not", function () {
    if (!hasAnalyze) {
      console.log("      systemd-analyze not found: skipping the verify check");
      this.skip();
    }
    const ok = verify(text);
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stderr.trim()).to.equal("");
    const broken = verify(text.replace("Restart=on-failure", "Restart=sometimes"));
    expect(broken.stderr).to.match(/Failed to parse service restart specifier/);
  });

  it("runs node on keeper/cli.ts directly with flags the keeper knows", () => {
    const [exec] = setting("ExecStart");
    const argv = exec.split(/\s+/);
    expect(argv.slice(0, 4)).to.deep.equal(["/usr/bin/node", "--import", "tsx", "keeper/cli.ts"]);
    expect(exec).to.not.match(/\bnpm\b/);
    const program = buildProgram();
    program.parse([...argv.slice(4), "--rpc-url", "http://127.0.0.1:8545", "--deployment", "d.json"], { from: "user" });
    expect(program.opts().waitForRpc).to.equal("300");
  });

  it("restarts on a crash, not on a configuration error, and collects stdout in the journal", () => {
    expect(setting("Restart")).to.deep.equal(["on-failure"]);
    expect(setting("RestartPreventExitStatus")).to.deep.equal([String(EXIT_CONFIG)]);
    expect(setting("KillSignal")).to.deep.equal(["SIGTERM"]);
    expect(setting("StandardOutput")).to.deep.equal(["journal"]);
    expect(setting("SyslogIdentifier")).to.deep.equal(["lever-keeper"]);
    expect(setting("EnvironmentFile")).to.deep.equal(["/etc/lever/keeper.env"]);
    expect(setting("StandardInput")).to.deep.equal(["file:/etc/lever/keystore-password"]);
  });
});
