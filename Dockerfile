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
ENV NODE_ENV=production \
    HERALD_CONFIG_DIR=/app/config \
    HERALD_DATABASE=sqlite:/data/herald.db
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node bin ./bin
COPY --chown=node:node config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# The scheduler keeps nothing in memory that the ledger does not have: stopping is safe.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/herald.js"]
CMD ["start"]
