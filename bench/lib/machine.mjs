// What the report says about where it ran: machine, OS, Node, load generator, Tessera commit.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function tryRun(command, args, options = {}) {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      ...options,
    });
  } catch (error) {
    // wrk -v exits 1 after printing its version
    return `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
}

function osName() {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

/** One line per fact, for the report's header. */
export function describeMachine(root, loader) {
  const cpus = os.cpus();
  const loaderVersion =
    loader === 'wrk'
      ? (/wrk [^\s]+/.exec(tryRun('wrk', ['-v']))?.[0] ?? 'wrk')
      : `autocannon ${JSON.parse(readFileSync(path.join(root, 'bench/node_modules/autocannon/package.json'), 'utf8')).version}`;
  const commit = tryRun('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).trim() || 'unknown';
  const dirty =
    tryRun('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root }).trim() !== '';
  return {
    cpu: `${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${os.availableParallelism()} logical cores`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    os: `${osName()}, Linux ${os.release()}`,
    node: `Node ${process.version}`,
    loader: loaderVersion,
    commit: dirty ? `${commit} (with uncommitted changes)` : commit,
    loadAverage: os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' '),
  };
}
