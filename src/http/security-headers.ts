import type { RequestHandler } from "express";

// The inspector keeps tokens in localStorage: no script may run on it but its own files, and no other
// site may frame it (clickjacking). Its WebSocket goes to this same host, which 'self' covers.
const INSPECTOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers for the inspector page and its files. */
export const inspectorPageHeaders: RequestHandler = (_request, response, next) => {
  response.set({
    "Content-Security-Policy": INSPECTOR_CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
  });
  next();
};

/** Every answer is read as the type it declares (JSON never sniffed into HTML or script). */
export const noSniff: RequestHandler = (_request, response, next) => {
  response.set("X-Content-Type-Options", "nosniff");
  next();
};
