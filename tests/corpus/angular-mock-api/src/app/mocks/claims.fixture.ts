export const CLAIMS = [
  { id: 'CLM-1001', holder: 'A. Example', status: 'open', amount: 1200 },
  { id: 'CLM-1002', holder: 'B. Example', status: 'assessing', amount: 560 },
];
