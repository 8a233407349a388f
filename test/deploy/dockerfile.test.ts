// The container files, checked as far as can be without Docker: the image starts the bot exactly as
// `npm start` does, runs as a non-root user with production dependencies only, its HEALTHCHECK
// command really tells a healthy bot from one without its database, and compose.yaml runs two
// replicas on a PostgreSQL that is healthy first.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, freePort } from '../support/child-process.js';

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, stage by stage (continuation lines joined, comments dropped). */
function stages(text: string): Instruction[][] {
  const lines = text.split('\n').filter((line) => !/^\s*#/.test(line));
  const joined = lines.join('\n').replace(/\\\n/g, ' ');
  const result: Instruction[][] = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const instruction = { keyword: match[1]!.toUpperCase(), args: match[2]!.trim() };
    if (instruction.keyword === 'FROM') result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

const dockerfile = stages(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.at(-1) ?? [];
const build = dockerfile.slice(0, -1).flat();
const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

function all(stage: Instruction[], keyword: string): string[] {
  return stage.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** The exec form (JSON array) of CMD or HEALTHCHECK … CMD. */
function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}

describe('Dockerfile', () => {
  it('starts the bot with exactly the command `npm start` runs, as PID 1, stopped by SIGTERM', () => {
    const [cmd] = all(runtime, 'CMD').slice(-1);
    expect(cmd, 'CMD in the runtime stage').toBeDefined();
    expect(execForm(cmd!)).toEqual(packageJson.scripts.start!.split(/\s+/));
    expect(all(runtime, 'STOPSIGNAL')).toEqual(['SIGTERM']);
    expect(all(runtime, 'ENTRYPOINT')).toEqual([]);
  });

  it('builds in stages: every dependency to type-check, production dependencies only at runtime', () => {
    expect(dockerfile.length).toBeGreaterThanOrEqual(2);
    expect(all(build, 'RUN').some((run) => /\bnpm ci\b/.test(run) && !run.includes('--omit=dev'))).toBe(true);
    expect(all(runtime, 'RUN').some((run) => /\bnpm ci --omit=dev\b/.test(run))).toBe(true);
    // --omit=dev only works while what start and postinstall need are runtime dependencies.
    expect(Object.keys(packageJson.dependencies)).toEqual(expect.arrayContaining(['esbuild', 'tsx', 'prisma', '@prisma/client']));
    // What the bot reads at run time: its sources and the migrations it applies at start.
    const copied = all(runtime, 'COPY').join('\n');
    expect(copied).toMatch(/\bpackage\.json\b/);
    expect(copied).toMatch(/(^|\s)prisma(\s|$)/m);
    expect(copied).toMatch(/\/app\/src src$/m);
    // The PGlite template is built once the sources are in (src/db/pglite-template.ts).
    const runs = all(runtime, 'RUN');
    const template = runs.findIndex((run) => run.includes('scripts/build-pglite-template.ts'));
    expect(template, 'a RUN building the PGlite template').toBeGreaterThan(runs.findIndex((run) => /\bnpm ci\b/.test(run)));
    expect(copied).toMatch(/scripts\/build-pglite-template\.ts/);
    // So is the compiled copy npm start runs, as root: the bot's user could not write it at start.
    const compiled = runs.findIndex((run) => run.includes('node scripts/build-app.mjs'));
    expect(compiled, 'a RUN compiling src/').toBeGreaterThan(runs.findIndex((run) => /\bnpm ci\b/.test(run)));
    expect(copied).toMatch(/scripts\/build-app\.mjs/);
    expect(copied).toMatch(/scripts\/start\.mjs/);
  });

  it('runs as a non-root user, with the embedded database in a volume', () => {
    const users = all(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const dataDir = /\bDATA_DIR=(\S+)/.exec(all(runtime, 'ENV').join(' '))?.[1];
    expect(dataDir).toBeDefined();
    expect(all(runtime, 'VOLUME').join(' ')).toContain(dataDir!);
  });

  describe('HEALTHCHECK', () => {
    const [healthcheck] = all(runtime, 'HEALTHCHECK');
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      server = undefined;
    });

    /** Runs the image's health-check command here, with PORT pointing at `port`; its exit code. */
    function runHealthcheck(port: number): Promise<number> {
      const [command, ...args] = execForm(healthcheck!.slice(healthcheck!.indexOf('CMD')));
      expect(command).toBe('node'); // the slim image has no curl or wget
      return new Promise((resolve) => {
        execFile(process.execPath, args, { env: { PATH: process.env.PATH, PORT: String(port) }, timeout: 10_000 }, (error) => {
          resolve(error ? Number(error.code ?? 1) : 0);
        });
      });
    }

    async function serveHealthz(status: number): Promise<number> {
      // Any other path is a 404: passing on 200 proves the command asks /healthz.
      server = createServer((req, res) => {
        res.writeHead(req.url === '/healthz' ? status : 404).end();
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    }

    it('passes when /healthz answers 200', async () => {
      expect(healthcheck).toBeDefined();
      expect(await runHealthcheck(await serveHealthz(200))).toBe(0);
    });

    it('fails when /healthz answers 503 (database away) or nothing listens', async () => {
      expect(await runHealthcheck(await serveHealthz(503))).toBe(1);
      expect(await runHealthcheck(await freePort())).toBe(1);
    });
  });

  it('.dockerignore keeps installed, generated and local files out of the build', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'data', '.git', 'src/generated', '.env']));
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  env_file?: (string | { path: string })[] | string;
  depends_on?: Record<string, { condition?: string }>;
  deploy?: { replicas?: number };
  healthcheck?: { test?: unknown };
}

describe('compose.yaml', () => {
  const compose = parse(readFileSync(join(REPO_ROOT, 'compose.yaml'), 'utf8')) as { services: Record<string, ComposeService> };
  const services = Object.entries(compose.services);
  const [postgresName, postgres] = services.find(([, s]) => /^postgres:15(\.|$|-)/.test(s.image ?? '')) ?? [];
  const bots = services.filter(([, s]) => s.build !== undefined);
  /** ${VAR:-default} as compose interpolates it with VAR unset */
  const interpolate = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

  it('runs PostgreSQL 15 with a health check', () => {
    expect(postgresName).toBeDefined();
    expect(postgres?.healthcheck?.test).toEqual(expect.arrayContaining([expect.stringContaining('pg_isready')]));
  });

  it('runs at least two bot replicas on that database, once it is healthy, with settings from .env', () => {
    const replicas = bots.reduce((n, [, s]) => n + (s.deploy?.replicas ?? 1), 0);
    expect(replicas).toBeGreaterThanOrEqual(2);
    const env = postgres!.environment ?? {};
    for (const [, bot] of bots) {
      const url = new URL(interpolate(bot.environment?.DATABASE_URL ?? ''));
      expect(url.protocol).toBe('postgresql:');
      expect(url.hostname).toBe(postgresName);
      expect(decodeURIComponent(url.username)).toBe(env.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(interpolate(env.POSTGRES_PASSWORD ?? ''));
      expect(url.pathname).toBe(`/${env.POSTGRES_DB}`);
      expect(bot.depends_on?.[postgresName!]?.condition).toBe('service_healthy');
      const envFiles = [bot.env_file ?? []].flat().map((f) => (typeof f === 'string' ? f : f.path));
      expect(envFiles).toContain('.env');
    }
  });
});
