export const apiUrl = import.meta.env.VITE_API_URL;
export const mockPayments = import.meta.env.VITE_USE_MOCK_PAYMENTS === "true";
export const sentryDsn = import.meta.env.VITE_SENTRY_DSN;
export const plausibleDomain = import.meta.env.VITE_PLAUSIBLE_DOMAIN;
export const previewBanner = import.meta.env.VITE_PREVIEW_BANNER === "true";
