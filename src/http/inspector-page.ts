import fs from "node:fs";
import { fileURLToPath } from "node:url";
import express from "express";
import { inspectorPageHeaders } from "./security-headers.ts";

/** Where `npm run build:inspector` writes the page. */
export const INSPECTOR_DIST = fileURLToPath(new URL("../inspector/dist/", import.meta.url));

/**
 * Serves the built world inspector at `/` (and `/inspector/`). When the page was never built (the server
 * started without `npm start`, which builds it), `/` says how to build it instead of a bare 404.
 */
export function inspectorPageRouter(dist = INSPECTOR_DIST): express.Router {
  const router = express.Router();
  router.use(inspectorPageHeaders);
  const statics = express.static(dist, { index: "index.html", fallthrough: true });
  router.use("/inspector", statics);
  router.get(["/", "/inspector"], (request, response, next) => {
    if (fs.existsSync(`${dist}index.html`)) return next();
    response
      .status(503)
      .type("text/plain")
      .send("The world inspector page is not built. Run `npm run build:inspector` (npm start does it for you), then reload.\n");
  });
  router.use(statics);
  return router;
}
