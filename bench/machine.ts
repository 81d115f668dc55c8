import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { REPO_ROOT } from './paths.js';

/** Where the figures came from: results are only comparable between runs on similar machines and commits. */
export interface MachineFacts {
  node: string;
  v8: string;
  platform: string;
  arch: string;
  osRelease: string;
  cpuCount: number;
  cpuModel: string;
  totalMemoryBytes: number;
  /** HEAD commit, null outside a repository or before the first commit. */
  gitCommit: string | null;
  /** True when the working tree differs from gitCommit (the figures then describe uncommitted code). */
  gitDirty: boolean | null;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).trim();
  } catch {
    return null;
  }
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  const commit = git(['rev-parse', '--verify', '--quiet', 'HEAD']);
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    cpuCount: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: os.totalmem(),
    gitCommit: commit || null,
    gitDirty: commit ? status !== null && status !== '' : null,
  };
}
