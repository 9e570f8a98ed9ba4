// The composition root shared by the server, the CLI and the tests.
import type { Store } from '../store/store.js';
import { createAuthService } from './auth.js';
import { type Clock, systemClock } from './clock.js';
import { createRegionNames } from './region-names.js';
import { createRegistryService } from './registry.js';
import { createRectificationService } from './rectification.js';
import { createRectificationViews } from './rectification-views.js';
import { createWorkbookService } from './workbook/service.js';
import { createCrosscheckService } from './crosscheck.js';
import { createQualityService } from './quality.js';

export function composeApp(store: Store, clock: Clock = systemClock) {
  return {
    store,
    clock,
    auth: createAuthService({ store, clock }),
    registry: createRegistryService({ store, clock }),
    regionNames: createRegionNames(store.db),
    rectification: createRectificationService({ store, clock }),
    rectificationViews: createRectificationViews({ store, clock }),
    workbooks: createWorkbookService({ store, clock }),
    crosscheck: createCrosscheckService({ store, clock, rectification: createRectificationService({ store, clock }) }),
    quality: createQualityService({ store, clock }),
  };
}
