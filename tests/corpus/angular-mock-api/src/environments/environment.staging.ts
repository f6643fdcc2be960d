export const environment = {
  production: true,
  apiUrl: 'https://claims-api.staging.meridian-mutual.example/api',
  useMockApi: false,
  sentryDsn: '',
  featureFlags: {
    bulkReassign: true,
  },
};
