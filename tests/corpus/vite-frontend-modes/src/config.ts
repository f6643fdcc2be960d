export const config = {
  appName: import.meta.env.VITE_APP_NAME,
  apiBaseUrl: import.meta.env.VITE_API_BASE_URL,
  stripePublishableKey: import.meta.env.VITE_STRIPE_PUBLISHABLE_KEY,
  sentryDsn: import.meta.env.VITE_SENTRY_DSN as string | undefined,
  analyticsEnabled: import.meta.env.VITE_ANALYTICS_ENABLED === "true",
  newEditor: import.meta.env.VITE_FEATURE_NEW_EDITOR === "true",
  useMsw: import.meta.env.VITE_USE_MSW === "true",
};
