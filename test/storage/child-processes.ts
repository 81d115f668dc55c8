import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildConfig, ChildMessage } from './storage-child.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./storage-child.js', import.meta.url));

/** A forked storage child and every message it has sent so far. */
export interface Child {
  process: ChildProcess;
  messages: ChildMessage[];
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Resolves once `predicate` holds for the messages received (checked at each new message). */
  until(predicate: (messages: ChildMessage[]) => boolean): Promise<void>;
  go(): void;
}

export function forkChild(config: ChildConfig): Child {
  const child = fork(CHILD_SCRIPT, [], {
    env: { ...process.env, COSELL_STORAGE_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: ChildMessage[] = [];
  const waiters: { predicate: (m: ChildMessage[]) => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (w.predicate(messages)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    }
  };
  child.on('message', (m) => { messages.push(m as ChildMessage); check(); });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`storage child exited (${signal ?? code}) before the expected messages`));
      resolve(signal ?? code);
    });
  });
  return {
    process: child,
    messages,
    exited,
    until(predicate) {
      if (predicate(messages)) return Promise.resolve();
      return new Promise((resolve, reject) => { waiters.push({ predicate, resolve, reject }); });
    },
    go() { child.send('go'); },
  };
}

export const isReady = (messages: ChildMessage[]): boolean => messages.some((m) => m.type === 'ready');
