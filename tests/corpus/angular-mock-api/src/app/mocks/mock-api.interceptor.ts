import { HttpInterceptorFn, HttpResponse } from '@angular/common/http';
import { of } from 'rxjs';

import { CLAIMS } from './claims.fixture';

// Answers every /api call from fixtures; the real API is never reached.
export const mockApiInterceptor: HttpInterceptorFn = (req, next) => {
  if (req.url.includes('/api/claims')) {
    return of(new HttpResponse({ status: 200, body: CLAIMS }));
  }
  return next(req);
};
