import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/**
 * Debian's Chromium, headless, driven by playwright-core (which downloads no browser of its own).
 * CHROMIUM_PATH points elsewhere. A missing browser fails the suite with how to install it: skipping
 * would let CI pass without ever looking at the page.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (!executablePath || !fs.existsSync(executablePath)) {
    throw new Error(
      `no Chromium found (looked for ${process.env.CHROMIUM_PATH ?? CANDIDATES.join(", ")}); install Debian's: \`apt-get install -y chromium\` as root ` +
        "(scripts/services/setup.sh does it), or set CHROMIUM_PATH to a Chromium or Chrome executable",
    );
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}
