# Build stage: compile TypeScript to JavaScript.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# The dependencies' layer is built before the sources are copied, so it is cached: package.json's
# prepare (scripts/build-if-stale.mjs, the build a fresh clone gets from `npm ci`) finds no
# sources yet and builds nothing; `npm run build` below does. Not --ignore-scripts: the embedded
# PostgreSQL's package makes its library links in its install script.
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY webapp ./webapp
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled JavaScript, production dependencies, non-root user.
# glibc (Debian), not Alpine: the embedded PostgreSQL binaries from npm are built for glibc.
# Without DATABASE_URL, Herald starts that server itself, as this same non-root user, with its
# cluster in /data/postgres and its Unix socket there too; nothing listens on TCP.
FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY taxonomy ./taxonomy
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# /healthz answers 503 when the database is unreachable, polling stopped or no sender is alive.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM: Herald stops taking updates, lets in-flight sends finish and exits within 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=2", "dist/src/main.js"]
