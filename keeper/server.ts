// HTTP endpoints: /healthz (200 or 503 with the problems) and /metrics (Prometheus text format).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Health } from "./health.js";

/** Starts the server on `host`:`port`; rejects with the listen error (EADDRINUSE, EADDRNOTAVAIL, ...). */
export async function startServer(
  host: string,
  port: number,
  health: () => Health,
  registry: Registry
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify(h));
    } else if (path === "/metrics") {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": registry.contentType });
          res.end(text);
        },
        (e: Error) => {
          res.writeHead(500);
          res.end(e.message);
        }
      );
    } else {
      res.writeHead(404);
      res.end("not found\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** The one line a listen error becomes: what is wrong, named by its flag. */
export function listenProblem(e: unknown, host: string, port: number): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE")
    return `--port ${port} is already in use on ${host}: stop what holds it or choose another --port`;
  if (code === "EACCES") return `--port ${port} needs privileges on ${host}: choose a --port above 1023`;
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN")
    return `--host ${host} is not an address of this machine`;
  return `cannot listen on ${host}:${port} (--host, --port): ${(e as Error).message}`;
}
