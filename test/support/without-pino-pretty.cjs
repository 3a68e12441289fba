// Preloaded with `node --require` to start a process as a production install (`npm ci --omit=dev`) would:
// pino-pretty, a development dependency, cannot be found.
const Module = require("node:module");

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveWithoutPinoPretty(request, ...rest) {
  if (request === "pino-pretty" || request.startsWith("pino-pretty/")) {
    const error = new Error(`Cannot find module '${request}'`);
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
  return resolve.call(this, request, ...rest);
};
