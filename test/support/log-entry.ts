import { createEntryLogger } from "../../src/log.ts";
import { configOrExit } from "../../src/process-entry.ts";

/**
 * A process entry that logs the way the server and the worker do (their configuration, their logger) and
 * exits: for tests of what a log looks like on a pipe or a terminal, without starting a database.
 */
const log = createEntryLogger(configOrExit("server"));
log.info({ world: "heartwood", agents: 12 }, "world seeded from files");
log.warn("the model is slow");
