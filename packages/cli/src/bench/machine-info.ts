import fs from 'node:fs';
import os from 'node:os';

/** The machine a benchmark ran on, and how busy it was. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

/** Reads the CPU model from /proc/cpuinfo (Linux) or os.cpus(), core count, RAM and Node version. */
export function readMachineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    cpuModel = match?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux: keep os.cpus()
  }
  return {
    cpuModel,
    cores: os.availableParallelism(),
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
}
