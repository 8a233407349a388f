# syntax=docker/dockerfile:1
# The bot as a container image: `docker build -t retaguarda .`, then see compose.yaml and the
# README ("Running several instances"). The Prisma client is generated at install (postinstall) and
# src/ is compiled to JavaScript by esbuild (scripts/build-app.mjs), here at build time, the same
# copy `npm start` would build: both are runtime dependencies.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: every dependency; the type-check gates the image ----------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prisma-generate.mjs scripts/
COPY prisma prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run typecheck

# --- runtime: production dependencies only, not root ------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY scripts/prisma-generate.mjs scripts/
COPY prisma prisma
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/src src
# The migrated embedded-database template, so a first start copies it instead of running initdb
# (npm ci's postinstall above ran before the sources were here, so it could not build it), and
# the compiled sources `npm start` runs (the bot's user could not write them at start).
COPY scripts/build-pglite-template.ts scripts/build-app.mjs scripts/start.mjs scripts/
RUN node --import tsx scripts/build-pglite-template.ts && node scripts/build-app.mjs
# The embedded database (when DATABASE_URL is unset) lives in DATA_DIR.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# The slim image has no curl: Node's fetch asks /healthz (503 while the database is away).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm in between), so SIGTERM reaches the bot's clean shutdown.
STOPSIGNAL SIGTERM
CMD ["node", "scripts/start.mjs"]
