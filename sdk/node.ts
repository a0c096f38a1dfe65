// `@lever/sdk/node`: everything of the browser-safe main entry, and the reader of deployment files (node:fs).
export * from "./index.js";
export { readDeployment } from "./deployment.js";
