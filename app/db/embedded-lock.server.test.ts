import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DataFolderInUseError, lockDataFolder } from "./embedded-lock.server";

let folder: string;
const releases: (() => void)[] = [];

beforeEach(() => {
  folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "portal-lock-")), "data");
});
afterEach(() => {
  for (const release of releases.splice(0)) release();
  fs.rmSync(path.dirname(folder), { recursive: true, force: true });
});

const lockFile = () => path.join(folder, "portal.lock");

function lock() {
  const release = lockDataFolder(folder);
  releases.push(release);
  return release;
}

// A pid that surely runs no process: far above any pid_max Linux allows (2^22).
const DEAD_PID = 999_999_999;

test("locking creates the folder and a lock file holding this process's id", () => {
  lock();
  expect(fs.readFileSync(lockFile(), "utf8")).toBe(String(process.pid));
});

test("a folder locked by another running process is refused with a message naming the folder and the process", () => {
  fs.mkdirSync(folder, { recursive: true });
  // the parent process (the test runner) is alive for as long as this test runs
  fs.writeFileSync(lockFile(), String(process.ppid));

  let error: unknown;
  try {
    lock();
  } catch (caught) {
    error = caught;
  }

  expect(error).toBeInstanceOf(DataFolderInUseError);
  expect((error as Error).message).toContain(folder);
  expect((error as Error).message).toContain(String(process.ppid));
  expect((error as Error).message).toContain("DATA_DIR");
  // the other process keeps its lock
  expect(fs.readFileSync(lockFile(), "utf8")).toBe(String(process.ppid));
});

test("a lock left by a process that no longer runs is taken over", () => {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(lockFile(), String(DEAD_PID));
  lock();
  expect(fs.readFileSync(lockFile(), "utf8")).toBe(String(process.pid));
});

test("an unreadable lock file is taken over", () => {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(lockFile(), "");
  lock();
  expect(fs.readFileSync(lockFile(), "utf8")).toBe(String(process.pid));
});

test("releasing removes the lock file, so the folder can be locked again; releasing twice is harmless", () => {
  const release = lock();
  release();
  expect(fs.existsSync(lockFile())).toBe(false);
  release();
  lock();
  expect(fs.existsSync(lockFile())).toBe(true);
});

test("releasing does not remove a lock that another process has taken over meanwhile", () => {
  const release = lock();
  fs.writeFileSync(lockFile(), String(process.ppid));
  release();
  expect(fs.readFileSync(lockFile(), "utf8")).toBe(String(process.ppid));
});
