// Runtime configuration, read once at start.
export const config = {
  port: Number(process.env.PORT ?? 8080),
  databaseUrl: process.env.DATABASE_URL,
  redisUrl: process.env.REDIS_URL ?? "redis://localhost:6379",
  logLevel: process.env.LOG_LEVEL ?? "info",
  shipengine: {
    baseUrl: process.env.SHIPENGINE_BASE_URL,
    apiKey: process.env.SHIPENGINE_API_KEY,
  },
  smtpHost: process.env.SMTP_HOST,
  // Any value disables e-mail (set it to anything in non-production environments).
  emailsDisabled: Boolean(process.env.DISABLE_EMAILS),
};
