// Hardhat's keystore as the keeper reads it: the keystore plugin's own configuration-variable hook (dev keystore
// first, then the password-protected production keystore), in a minimal Hardhat runtime that does not load the
// project's hardhat.config.ts. Hardhat's default password prompt writes to stdout, where the keeper's JSON log goes,
// so the keeper answers the plugin's password request itself: a prompt on stderr without echo when stdin is a
// terminal, else the first line of stdin (for services: `npm run keeper -- ... < password-file`).
import path from "node:path";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import type { KeystoreReader } from "./signer-key.js";

const ROOT = path.resolve(import.meta.dirname, "..");

export interface PromptIO {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/** A secret from the user: typed at a prompt on `output` without echo (terminal), else the first line of `input`. */
export async function readSecret(
  prompt: string,
  io: PromptIO = { input: process.stdin, output: process.stderr }
): Promise<string> {
  if (!io.input.isTTY) {
    const rl = createInterface({ input: io.input, crlfDelay: Infinity });
    for await (const line of rl) return line; // leaving the loop closes rl; the rest of stdin is not read
    throw new Error(
      "the password is asked for, but stdin is not a terminal and is empty " +
        "(pipe it in: npm run keeper -- ... < password-file)"
    );
  }
  let muted = false;
  const rl = createInterface({
    input: io.input,
    output: new Writable({
      write(chunk, _encoding, done) {
        if (!muted) io.output.write(chunk);
        done();
      },
    }),
    terminal: true,
  });
  return await new Promise<string>((resolve, reject) => {
    let answered = false;
    rl.on("SIGINT", () => rl.close());
    rl.on("close", () => {
      if (answered) return;
      io.output.write("\n");
      reject(new Error("the password prompt was closed without an answer"));
    });
    rl.question(prompt, (answer) => {
      answered = true;
      rl.close();
      io.output.write("\n");
      resolve(answer);
    });
    muted = true; // the prompt is out; nothing typed is echoed
  });
}

/**
 * Reads `name` through Hardhat's configuration-variable hooks with the keystore plugin. Undefined when neither
 * keystore holds it. Errors are one line, with whatever was typed or piped in removed.
 */
export function hardhatKeystore(prompt: (text: string) => Promise<string> = readSecret): KeystoreReader {
  return async (name) => {
    const [{ createHardhatRuntimeEnvironment }, { configVariable }, { default: keystorePlugin }] = await Promise.all([
      import("hardhat/hre"),
      import("hardhat/config"),
      import("@nomicfoundation/hardhat-keystore"),
    ]);
    const hre = await createHardhatRuntimeEnvironment({ plugins: [keystorePlugin] }, {}, ROOT);
    const secrets: string[] = [];
    hre.hooks.registerHandlers("userInterruptions", {
      requestSecretInput: async (_context, interruptor, description) => {
        const secret = await prompt(`[${interruptor}] ${description}: `);
        secrets.push(secret);
        return secret;
      },
      displayMessage: async (_context, interruptor, message) =>
        void process.stderr.write(`[${interruptor}] ${message}\n`),
    });
    let missing = false;
    try {
      // With a default, the plugin checks the production keystore's (plaintext) key names before asking for its
      // password, so a name that is not there is reported without a prompt. The default itself is never used:
      // the last handler of the chain is ours and only records the miss.
      const value = await hre.hooks.runHandlerChain(
        "configurationVariables",
        "fetchValue",
        [configVariable(name, { default: "" })],
        async () => {
          missing = true;
          return "";
        }
      );
      return missing ? undefined : value;
    } catch (e) {
      let message = (e as Error).message;
      for (const s of secrets) if (s.length > 0) message = message.split(s).join("***");
      throw new Error(`cannot read Hardhat's keystore: ${message.replace(/\s*\n\s*/g, " ").trim()}`);
    }
  };
}
