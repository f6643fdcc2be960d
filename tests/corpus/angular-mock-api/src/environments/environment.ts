// Local development (ng serve).
export const environment = {
  production: false,
  apiUrl: 'http://localhost:5080/api',
  useMockApi: true,
  sentryDsn: '',
  featureFlags: {
    bulkReassign: true,
  },
};
