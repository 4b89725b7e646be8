import fs from 'node:fs';
import os from 'node:os';

/** The machine a benchmark ran on, and how busy it was. */
export interface MachineInfo {
  cpuModel: string;
  /** The clock /proc/cpuinfo reports (MHz), where it does. */
  cpuMHz: number | null;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

/** Reads the CPU model from /proc/cpuinfo (Linux) or os.cpus(), core count, RAM and Node version. */
export function readMachineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  let cpuMHz: number | null = null;
  try {
    const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpuModel;
    const mhz = Number(/^cpu MHz\s*:\s*([\d.]+)$/m.exec(cpuinfo)?.[1]);
    cpuMHz = Number.isFinite(mhz) && mhz > 0 ? Math.round(mhz) : null;
  } catch {
    // not Linux: keep os.cpus()
  }
  return {
    cpuModel,
    cpuMHz,
    cores: os.availableParallelism(),
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
}

/**
 * A fixed single-threaded integer loop (multiply-xor hashing, 200 million rounds), best of three, in milliseconds.
 * Not a target: a yardstick of the machine's speed, so that runs on differently fast machines of the same name
 * (virtual machines on other hosts) can be told apart.
 */
export function measureReferenceLoop(): number {
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round < 3; round += 1) {
    const started = performance.now();
    let h = round;
    for (let i = 0; i < 200_000_000; i += 1) {
      h = (Math.imul(h ^ i, 0x9e3779b1) + 1) | 0;
    }
    sink ^= h;
    best = Math.min(best, performance.now() - started);
  }
  return sink === 0.5 ? -1 : Math.round(best);
}
