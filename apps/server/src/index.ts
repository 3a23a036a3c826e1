export { startServer, type RunningServer, type StartServerOptions } from "./http/server.ts";
export { ensureApiKey, type ApiKeySource, type ApiKeyVerifier } from "./http/api-key.ts";
export { createLogger, silentLogger, LOG_LEVELS, type LogLevel } from "./logger.ts";
export { parseEnv, databaseConfig, EnvError, ServerEnv } from "./env.ts";
