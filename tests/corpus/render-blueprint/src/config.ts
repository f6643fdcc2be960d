export const config = {
  databaseUrl: process.env.DATABASE_URL!,
  stripeKey: process.env.STRIPE_SECRET_KEY!,
  emailFrom: process.env.ORDER_EMAIL_FROM ?? "orders@localhost",
  sentryDsn: process.env.SENTRY_DSN,
  currency: process.env.CURRENCY ?? "EUR",
};
