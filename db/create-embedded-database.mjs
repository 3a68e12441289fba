// Creates the embedded database's files (Postgres' initdb, run by PGlite) in a process of its own, and exits.
// Plain JavaScript so that `npm start` can run it with plain node before anything else is loaded:
//
//   node --liftoff-only db/create-embedded-database.mjs FOLDER   create FOLDER's database unless it has one
//   node --liftoff-only db/create-embedded-database.mjs --env    the same for the server's own folder
//                                                                (DATA_DIR from the environment or .env)
//
// Why a process, and why these flags: initdb is the most memory a first start needs. PGlite runs it in a
// second Postgres instance whose whole WebAssembly heap it copies (about 300 MB together), and that memory
// stays allocated in whatever thread or process ran it. Ending a process returns it all. Compiling that
// run's hot code with V8's optimising compiler costs another 100 MB and runs once: --liftoff-only keeps the
// baseline compiler (initdb also finishes sooner). The server's own database thread is not affected.
import fs from "node:fs";
import path from "node:path";
import { MemoryFS, PGlite } from "@electric-sql/pglite";

/** Written last: a folder without it holds no finished database (see db/client.ts). */
const COMPLETE_MARKER = "PG_VERSION";
/** The server's default DATA_DIR (src/config.ts) and the subfolder it keeps PGlite's files in (db/client.ts). */
const DEFAULT_DATA_DIR = "./data";
const PGLITE_SUBFOLDER = "pglite";
/** `<folder>.creating-<pid>`: where a creation builds before it moves the files into place. */
const BUILDING_SUFFIX = ".creating-";
/**
 * PGlite starts the new database once after initdb; at Postgres' default 128 MB of shared buffers that start
 * alone touches 130 MB more. The server writes its own settings (db/client.ts) at every start.
 */
const POSTGRESQL_CONF = ["shared_buffers = 16MB"];

/**
 * PGlite's NodeFS, but seen by PGlite as a MemoryFS: for those, PGlite's initdb writes straight into the
 * target folder. For a NodeFS it writes the new cluster into a second in-memory file system first, then
 * copies it through a tarball into the folder: about 200 MB more at the peak, for the same files.
 */
class FolderFS extends MemoryFS {
  constructor(folder) {
    super();
    this.folder = folder;
  }

  async init(pg, options) {
    this.pg = pg;
    const mount = (module) => {
      module.FS.mkdirTree(PGlite.paths.PGDATA);
      module.FS.mount(module.FS.filesystems.NODEFS, { root: this.folder }, PGlite.paths.PGDATA);
    };
    return { emscriptenOpts: { ...options, preRun: [...(options.preRun ?? []), mount] } };
  }
}

/**
 * Builds the database in a new sibling folder and moves it into `folder`, its marker last, so that a
 * crash leaves no half-made database behind (only a sibling folder that the next attempt replaces).
 */
async function createEmbeddedDatabase(folder) {
  if (fs.existsSync(path.join(folder, COMPLETE_MARKER))) return false;
  removeAbandonedAttempts(folder);
  const building = `${folder}${BUILDING_SUFFIX}${process.pid}`;
  fs.mkdirSync(building, { recursive: true });
  try {
    const pglite = await PGlite.create({ fs: new FolderFS(building), postgresqlconf: POSTGRESQL_CONF });
    await pglite.close();
    if (!fs.existsSync(path.join(building, COMPLETE_MARKER))) throw new Error(`initdb wrote no ${COMPLETE_MARKER} into ${building}`);
    fs.mkdirSync(folder, { recursive: true });
    if (fs.existsSync(path.join(folder, COMPLETE_MARKER))) return false;
    const entries = fs.readdirSync(building).filter((name) => name !== COMPLETE_MARKER);
    for (const name of [...entries, COMPLETE_MARKER]) {
      fs.rmSync(path.join(folder, name), { recursive: true, force: true });
      fs.renameSync(path.join(building, name), path.join(folder, name));
    }
    return true;
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
}

/** Building folders left by creations whose process is gone (killed mid-way). */
function removeAbandonedAttempts(folder) {
  const parent = path.dirname(folder);
  const prefix = `${path.basename(folder)}${BUILDING_SUFFIX}`;
  const names = fs.existsSync(parent) ? fs.readdirSync(parent) : [];
  for (const name of names.filter((entry) => entry.startsWith(prefix))) {
    if (!isAlive(Number(name.slice(prefix.length)))) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** The folder the server would open: DATA_DIR (the environment first, then .env; empty means unset), or none for memory:// or DATABASE_URL. */
function serverFolder() {
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
  const setting = (name) => process.env[name] || undefined;
  if (setting("DATABASE_URL")) return undefined;
  const dataDir = setting("DATA_DIR") ?? DEFAULT_DATA_DIR;
  return dataDir.startsWith("memory://") ? undefined : path.join(path.resolve(dataDir), PGLITE_SUBFOLDER);
}

const target = process.argv[2];
if (!target) {
  process.stderr.write("usage: node --liftoff-only db/create-embedded-database.mjs (FOLDER | --env)\n");
  process.exit(2);
}
const folder = target === "--env" ? serverFolder() : path.resolve(target);
if (folder) {
  try {
    const created = await createEmbeddedDatabase(folder);
    if (created && target === "--env") process.stdout.write(`embedded database created in ${folder}\n`);
  } catch (error) {
    process.stderr.write(`could not create the embedded database in ${folder}: ${error.message}\n`);
    process.exit(1);
  }
}
