# syntax=docker/dockerfile:1

# Build: compile TypeScript and the native SQLite binding.
FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Run: only what the bot needs, as the unprivileged `node` user: the compiled CLI (dist/) and the
# production dependencies; no sources, no tsx, no compiler. bin/herald.js runs dist/ when there
# is no src/ beside it.
FROM node:24-bookworm-slim AS run
# The HTTP server (health, readiness, metrics, Telegram webhook, feeds, launch page) is on in
# the image, on every interface of the container; publish the port where it should be reached.
ENV NODE_ENV=production \
    HERALD_CONFIG_DIR=/app/config \
    HERALD_DATABASE=sqlite:/data/herald.db \
    HERALD_HTTP_HOST=0.0.0.0 \
    HERALD_HTTP_PORT=8080
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node bin ./bin
COPY --chown=node:node config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# The slim image has no curl: Node's own fetch asks /healthz (200 while the process runs).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HERALD_HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The scheduler keeps nothing in memory that the ledger does not have: stopping is safe.
# SIGTERM: the HTTP server finishes the requests under way, then the scheduler hands back what it holds.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/herald.js"]
CMD ["start"]
