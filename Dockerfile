# One image for every Hookline app; docker-compose.yml picks the app with its
# command. Sources run through SWC at start-up (tools/register.js), exactly as
# `npm start` runs them, so there is no separate build to drift.
FROM node:24-bookworm-slim
WORKDIR /hookline
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
# The service catalog every app loads (HOOKLINE_CATALOG; mount your own over it).
COPY config ./config
USER node
# e.g. `node -r ./tools/register.js apps/ingress/src/main.ts`
ENTRYPOINT ["node", "-r", "./tools/register.js"]
