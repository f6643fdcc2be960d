export const environment = {
  production: true,
  apiUrl: 'https://claims-api.meridian-mutual.example/api',
  // Left on after the October sales demo build; see CLAIMS-812.
  useMockApi: true,
  sentryDsn: 'https://0123456789abcdef0123456789abcdef@o000000.ingest.sentry.io/2222222',
  featureFlags: {
    bulkReassign: false,
  },
};
