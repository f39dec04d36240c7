import fs from "node:fs";
import path from "node:path";

export class DataFolderInUseError extends Error {
  constructor(folder: string, pid: number) {
    super(
      `De ingebouwde database in ${folder} is al in gebruik door proces ${pid}. ` +
        `PGlite kan één map maar door één proces tegelijk laten gebruiken: stop dat proces eerst, ` +
        `kies een andere map met DATA_DIR, of gebruik PostgreSQL met DATABASE_URL. ` +
        `(The embedded database folder is already in use by process ${pid}.)`,
    );
    this.name = "DataFolderInUseError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes an exclusive lock on a PGlite data folder by creating `portal.lock` with O_EXCL.
 * A lock left by a process that no longer runs (kill -9) is taken over.
 */
export function lockDataFolder(folder: string): () => void {
  fs.mkdirSync(folder, { recursive: true });
  const lockPath = path.join(folder, "portal.lock");
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
      if (Number.isFinite(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataFolderInUseError(folder, holder);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${folder}`);
}
